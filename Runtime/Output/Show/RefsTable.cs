using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Memory;

namespace MmDsl.Runtime.Output.Show;

/// <summary><c>show refs</c>: every folio in use, its counts, its flags, who holds references and who maps it.</summary>
internal static class RefsTable
{
    public static IEnumerable<string> Lines(Machine m, string? process = null)
    {
        var census = Census.Take(m);
        var table = new TextTable("pfn", "order", "ref", "map", "pin", "flags", "refs", "mapped by");
        foreach (var zero in census.ZeroMaps.GroupBy(z => z.Huge).OrderBy(g => g.Key))
        {
            var entries = zero.Where(z => process is null || z.Process == process).Select(z => new MappedBy.Entry(z.Process, z.Address, z.Huge, false)).ToList();
            if (entries.Count > 0)
            {
                var pfn = zero.Key ? Machine.HugeZeroPfn : Machine.ZeroPfn;
                table.Add(Fmt.Pfn(pfn), zero.Key ? "9" : "0", "-", "0", "0", zero.Key ? "zero thp" : "zero", "-", MappedBy.Format(entries));
            }
        }
        var mapsByHead = census.Maps.GroupBy(map => m.Memory.Head(map.Pfn)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var head in m.Folios())
        {
            var maps = mapsByHead.GetValueOrDefault(head) ?? [];
            if (process is not null && maps.All(map => map.Process != process))
            {
                continue;
            }
            var holders = census.Refs.GetValueOrDefault(head);
            table.Add(
                Fmt.Pfn(head),
                Fmt.Dec(m.FolioOrder(head)),
                Fmt.Dec(m.Memory.RefCount(head)),
                Fmt.Dec(m.FolioMapCount(head)),
                Fmt.Dec(m.FolioPins(head)),
                Flags(m, head),
                Holders(holders),
                MappedBy.Format(maps.Select(x => new MappedBy.Entry(x.Process, x.Address, x.Huge, x.Writable))));
        }
        return table.Count == 0 ? ["no page frames in use"] : table.Lines();
    }

    /// <summary>The references a folio holds, by holder: <c>pte 1, lru 1</c>.</summary>
    public static string Holders(Census.Holders h)
    {
        var parts = new List<string>();
        void Add(string name, int n)
        {
            if (n > 0)
            {
                parts.Add($"{name} {n}");
            }
        }
        Add("pmd", h.Pmds);
        Add("pte", h.Ptes);
        Add("swapcache", h.SwapCache);
        Add("lru", h.LruBatch);
        Add("pagecache", h.PageCache);
        Add("gup", h.Gets);
        if (h.Pins > 0)
        {
            parts.Add(h.PinBias == h.Pins ? $"pin {h.Pins}" : $"pin {h.Pins}x{h.PinBias / h.Pins}");
        }
        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    /// <summary>Flags in words: anon, thp or large, excl, swapcache, lru or lru-batch, dirty, deferred.</summary>
    public static string Flags(Machine m, int head)
    {
        var flags = m.Memory.Flags(head);
        var words = new List<string>();
        words.Add((flags & PageFlags.Shmem) != 0 ? "shmem" : (flags & PageFlags.Anon) != 0 ? "anon" : "kernel");
        if ((flags & PageFlags.Shmem) != 0 && m.FindShmem(m.Memory.Mapping(head)) is { IsMemfd: true } file)
        {
            // A memfd's page-cache folio: its file and page index (folio->mapping, folio->index).
            words.Add($"memfd:{file.Name}@{m.Memory.Index(head)}");
        }
        if ((flags & PageFlags.Ksm) != 0)
        {
            words.Add("ksm");
        }
        var order = m.FolioOrder(head);
        if (order == Machine.PmdOrder)
        {
            words.Add("thp");
        }
        else if (order > 0)
        {
            words.Add("large");
        }
        var nr = m.FolioNrPages(head);
        var exclusive = Enumerable.Range(head, nr).Count(m.IsAnonExclusive);
        if (exclusive == nr || (exclusive == 1 && order == Machine.PmdOrder && m.IsAnonExclusive(head) && m.Large(head)!.EntireMapCount > 0))
        {
            words.Add("excl");
        }
        else if (exclusive > 0)
        {
            words.Add($"excl:{exclusive}/{nr}");
        }
        if (m.InSwapCache(head))
        {
            words.Add("swapcache");
        }
        if (m.InLruBatch(head))
        {
            words.Add("lru-batch");
        }
        else if (m.OnLru(head))
        {
            words.Add("lru");
        }
        if ((flags & PageFlags.Dirty) != 0)
        {
            words.Add("dirty");
        }
        if (m.OnDeferredSplitQueue(head))
        {
            words.Add("deferred");
        }
        return string.Join(" ", words);
    }
}
