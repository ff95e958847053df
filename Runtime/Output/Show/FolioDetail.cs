using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Memory;

namespace MmDsl.Runtime.Output.Show;

/// <summary><c>show folio</c>: one folio in detail, with its page-by-page mapcounts.</summary>
internal static class FolioDetail
{
    public static IEnumerable<string> Lines(Machine m, int head)
    {
        var census = Census.Take(m);
        var order = m.FolioOrder(head);
        var nr = 1 << order;
        var holders = census.Refs.GetValueOrDefault(head);
        yield return $"folio {Fmt.Pfn(head)}: order {order} ({Fmt.Size(nr * 4096L)}), {RefsTable.Flags(m, head)}";
        yield return $"  refcount {m.Memory.RefCount(head)} ({RefsTable.Holders(holders)}), mapcount {m.FolioMapCount(head)}, pincount {m.FolioPins(head)}";
        if (m.Large(head) is { } folio)
        {
            var counts = $"  entire mapcount {folio.EntireMapCount}, nr_pages_mapped {m.NrPagesMapped(head)}";
            if (m.Era.HasLargeMapCount)
            {
                counts += $", large mapcount {folio.LargeMapCount}";
            }
            if (m.Era.HasDoubleMap)
            {
                counts += $", DoubleMap {(folio.EntireMapCount > 0 && m.NrPagesMapped(head) > 0 ? "yes" : "no")}";
            }
            yield return counts;
            if (m.Era.HasMmIdTracking)
            {
                yield return $"  mm ids: {Slot(m, folio.MmId0, folio.MmMapCount0)}, {Slot(m, folio.MmId1, folio.MmMapCount1)}, {(folio.MaybeShared ? "maybe mapped shared" : "mapped exclusively")}";
            }
            yield return $"  deferred split: {(m.OnDeferredSplitQueue(head) ? "queued" : "no")}";
        }
        if ((m.Memory.Flags(head) & PageFlags.Anon) != 0 && m.FindAnonVma(m.Memory.Mapping(head)) is { } anonVma)
        {
            yield return $"  anon_vma {anonVma.Id} (root {anonVma.Root}), index {Fmt.Hex(m.Memory.Index(head))}";
        }
        if (m.SwapSlotOf(head) is var slot and >= 0)
        {
            yield return $"  swap slot {slot}{(nr > 1 ? $"-{slot + nr - 1}" : string.Empty)}, swap count {m.FolioSwapCount(head, head)}";
        }
        var byPage = census.Maps.Concat(census.Maps.Where(x => x.Huge).SelectMany(x => Enumerable.Range(1, nr - 1).Select(i => x with { Pfn = x.Pfn + i, Address = x.Address + i * 4096L })))
            .Where(x => m.Memory.Head(x.Pfn) == head)
            .GroupBy(x => x.Pfn)
            .ToDictionary(g => g.Key, g => g.ToList());
        // PG_anon_exclusive exists from 5.19: before, a page has no such bit to show.
        var exclusive = m.Era.HasAnonExclusive;
        var table = exclusive ? new TextTable("page", "mapcount", "exclusive", "mapped by") : new TextTable("page", "mapcount", "mapped by");
        for (var i = 0; i < nr;)
        {
            var j = i + 1;
            var key = PageKey(m, head + i, byPage);
            while (j < nr && PageKey(m, head + j, byPage) == key)
            {
                j++;
            }
            var pfn = head + i;
            var maps = byPage.GetValueOrDefault(pfn) ?? [];
            var pages = j - i == 1 ? Fmt.Pfn(pfn) : $"{Fmt.Pfn(pfn)}-{Fmt.Pfn(head + j - 1)} (x{j - i})";
            var mapped = j - i == 1
                ? MappedBy.Format(maps.Select(x => new MappedBy.Entry(x.Process, x.Address, x.Huge, x.Writable)))
                : string.Join(", ", maps.Select(x => $"{x.Process} {(x.Huge ? "pmd" : "pte")} {(x.Writable ? "rw" : "ro")}").Distinct());
            var by = mapped.Length == 0 ? "-" : mapped;
            if (exclusive)
            {
                table.Add(pages, Fmt.Dec(m.PageMapCount(pfn)), m.IsAnonExclusive(pfn) ? "yes" : "no", by);
            }
            else
            {
                table.Add(pages, Fmt.Dec(m.PageMapCount(pfn)), by);
            }
            i = j;
        }
        foreach (var line in table.Lines())
        {
            yield return "  " + line;
        }
    }

    private static string Slot(Machine m, int mmId, int count)
    {
        if (mmId == 0)
        {
            return "free";
        }
        var name = m.Processes.FirstOrDefault(p => p.Mm.MmId == mmId)?.Name ?? "?";
        return $"mm {mmId} ({name}) x{count}";
    }

    private static string PageKey(Machine m, int pfn, Dictionary<int, List<Census.Mapping>> byPage)
    {
        var maps = byPage.GetValueOrDefault(pfn) ?? [];
        return $"{m.PageMapCount(pfn)}|{m.IsAnonExclusive(pfn)}|{string.Join(",", maps.Select(x => $"{x.Process}{x.Huge}{x.Writable}"))}";
    }
}
