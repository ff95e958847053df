using MmDsl.Engine.Gup;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine.Checks;

/// <summary>
/// Recomputes every count from first principles (page tables, handles, swap cache, LRU batch) and
/// compares it with what the engine stores. An empty list means the machine is consistent.
/// </summary>
internal static class InvariantChecker
{
    public static IReadOnlyList<string> Check(Machine machine)
    {
        var census = Census.Take(machine);
        var problems = new List<string>();
        CheckFolios(machine, census, problems);
        CheckMappings(machine, census, problems);
        CheckSwap(machine, census, problems);
        CheckCounters(machine, census, problems);
        CheckKsmTree(machine, problems);
        return problems;
    }

    private static void CheckFolios(Machine m, Census c, List<string> problems)
    {
        var mem = m.Memory;
        var seen = new HashSet<int>();
        foreach (var head in m.Folios())
        {
            seen.Add(head);
            var nr = m.FolioNrPages(head);
            var expected = c.Refs.GetValueOrDefault(head);
            if (mem.RefCount(head) != expected.Total)
            {
                problems.Add($"pfn {head:x}: refcount {mem.RefCount(head)}, expected {expected.Total} ({expected})");
            }
            var entire = c.PmdMaps.GetValueOrDefault(head);
            var sum = 0;
            for (var i = 0; i < nr; i++)
            {
                var ptes = c.PteMaps.GetValueOrDefault(head + i);
                sum += ptes;
                if (mem.MapCount(head + i) != ptes)
                {
                    problems.Add($"pfn {head + i:x}: mapcount {mem.MapCount(head + i)}, {ptes} PTEs map it");
                }
                if (m.IsAnonExclusive(head + i) && ptes + entire > 1)
                {
                    problems.Add($"pfn {head + i:x}: PG_anon_exclusive but mapped {ptes + entire} times");
                }
            }
            if (m.Large(head) is { } folio)
            {
                CheckLargeFolio(m, c, folio, entire, sum, problems);
            }
            else if (entire != 0)
            {
                problems.Add($"pfn {head:x}: small folio mapped by a PMD");
            }
            if (m.IsKsm(head))
            {
                CheckKsmFolio(m, c, head, problems);
            }
            else if ((mem.Flags(head) & PageFlags.Anon) != 0 && m.FindAnonVma(mem.Mapping(head)) is null && m.FolioMapped(head))
            {
                problems.Add($"pfn {head:x}: anon folio with no anon_vma {mem.Mapping(head)}");
            }
        }
        foreach (var pfn in c.Refs.Keys)
        {
            if (!seen.Contains(pfn))
            {
                problems.Add($"pfn {pfn:x}: referenced ({c.Refs[pfn]}) but free");
            }
        }
    }

    private static void CheckLargeFolio(Machine m, Census c, LargeFolio folio, int entire, int pteSum, List<string> problems)
    {
        var head = folio.Head;
        if (folio.EntireMapCount != entire)
        {
            problems.Add($"pfn {head:x}: entire mapcount {folio.EntireMapCount}, {entire} PMDs map it");
        }
        if (folio.LargeMapCount != entire + pteSum)
        {
            problems.Add($"pfn {head:x}: large mapcount {folio.LargeMapCount}, expected {entire + pteSum}");
        }
        var pins = c.Pins.GetValueOrDefault(head);
        if (folio.PinCount != pins)
        {
            problems.Add($"pfn {head:x}: pincount {folio.PinCount}, handles pin {pins}");
        }
        var byMm = c.MapsByMm.GetValueOrDefault(head) ?? [];
        foreach (var (id, count) in new[] { (folio.MmId0, folio.MmMapCount0), (folio.MmId1, folio.MmMapCount1) })
        {
            // A slot may undercount (mappings made while no slot was free), never overcount.
            if (id != 0 && (count > byMm.GetValueOrDefault(id) || count <= 0))
            {
                problems.Add($"pfn {head:x}: MM slot of mm {id} counts {count}, mm maps it {byMm.GetValueOrDefault(id)} times");
            }
        }
        var mms = byMm.Count(kv => kv.Value > 0);
        if (!folio.MaybeShared && mms > 1)
        {
            problems.Add($"pfn {head:x}: mapped by {mms} MMs but not maybe-shared");
        }
        if (m.OnDeferredSplitQueue(head) != m.DeferredSplitQueue.Contains(head))
        {
            problems.Add($"pfn {head:x}: deferred split flag and queue disagree");
        }
    }

    private static void CheckMappings(Machine m, Census c, List<string> problems)
    {
        var processes = m.Processes.ToDictionary(p => p.Name);
        foreach (var map in c.Maps)
        {
            var mem = m.Memory;
            var head = mem.Head(map.Pfn);
            if (map.Writable && (mem.Flags(head) & PageFlags.Anon) != 0)
            {
                var count = m.PageMapCount(map.Pfn);
                if (count != 1)
                {
                    problems.Add($"{map.Process}:{map.Address:x}: writable but the page is mapped {count} times");
                }
                if (m.Era.HasAnonExclusive && !m.IsAnonExclusive(map.Huge ? head : map.Pfn))
                {
                    problems.Add($"{map.Process}:{map.Address:x}: writable anon page without PG_anon_exclusive");
                }
            }
            if ((mem.Flags(head) & PageFlags.Anon) != 0 && !m.IsKsm(head) && !RmapFinds(m, processes[map.Process], map, head))
            {
                problems.Add($"{map.Process}:{map.Address:x}: rmap walk of pfn {head:x} does not find this mapping");
            }
        }
    }

    /// <summary>
    /// A KSM folio: small, anon, never PG_anon_exclusive, never mapped writable, and its mapping
    /// names a stable node whose kpfn is this folio; its refcount and mapcount are checked with every
    /// other folio's, across all the processes that map it.
    /// </summary>
    private static void CheckKsmFolio(Machine m, Census c, int head, List<string> problems)
    {
        var mem = m.Memory;
        if (m.IsLarge(head) || (mem.Flags(head) & PageFlags.Anon) == 0)
        {
            problems.Add($"pfn {head:x}: KSM folio that is large or not anon");
        }
        if (m.IsAnonExclusive(head))
        {
            problems.Add($"pfn {head:x}: KSM folio with PG_anon_exclusive");
        }
        if (m.StableNodeOf(head) is not { } node || node.Kpfn != head)
        {
            problems.Add($"pfn {head:x}: KSM folio without a stable node that points back at it");
        }
        if (c.Maps.Any(map => map.Writable && mem.Head(map.Pfn) == head))
        {
            problems.Add($"pfn {head:x}: KSM folio mapped writable");
        }
    }

    /// <summary>Every stable node's items are distinct mappings; a node whose page is gone waits for the next scan.</summary>
    private static void CheckKsmTree(Machine m, List<string> problems)
    {
        foreach (var node in m.Ksm.Nodes.Values)
        {
            if (node.Items.Distinct().Count() != node.Items.Count)
            {
                problems.Add($"stable node {node.Id}: an rmap item appears twice");
            }
            if (m.StableNodeAlive(node) && m.Memory.Mapping(node.Kpfn) != node.Id)
            {
                problems.Add($"stable node {node.Id}: its page {node.Kpfn:x} names another node");
            }
        }
    }

    /// <summary>rmap_walk_anon: the folio's anon_vma and index must lead back to this mapping.</summary>
    private static bool RmapFinds(Machine m, Process process, Census.Mapping map, int head)
    {
        var vma = process.Mm.FindVma(map.Address);
        if (vma is null || !vma.AnonVmaChain.Contains(m.Memory.Mapping(head)))
        {
            return false;
        }
        var index = m.Memory.Index(head) + (map.Huge ? 0 : map.Pfn - head);
        return vma.AddressOf(index) == map.Address;
    }

    private static void CheckSwap(Machine m, Census c, List<string> problems)
    {
        var swap = m.Swap;
        foreach (var slot in swap.UsedSlots())
        {
            var ptes = c.SwapMaps.GetValueOrDefault(slot);
            if (swap.SwapCount(slot) != ptes)
            {
                problems.Add($"swap slot {slot}: swap count {swap.SwapCount(slot)}, {ptes} swap PTEs");
            }
            var cached = swap.CachedFolio(slot);
            if (cached != 0 && (!m.InSwapCache(cached) || slot - m.SwapSlotOf(cached) is var i && (i < 0 || i >= m.FolioNrPages(cached))))
            {
                problems.Add($"swap slot {slot}: swap cache points at pfn {cached:x}, which does not hold it");
            }
        }
        foreach (var slot in c.SwapMaps.Keys)
        {
            if (!swap.IsAllocated(slot))
            {
                problems.Add($"swap slot {slot}: referenced by a swap PTE but free");
            }
        }
    }

    private static void CheckCounters(Machine m, Census c, List<string> problems)
    {
        foreach (var p in m.Processes)
        {
            var (anon, shmem, swap) = c.Rss.GetValueOrDefault(p.Name);
            if (p.Mm.AnonPages != anon || p.Mm.ShmemPages != shmem || p.Mm.SwapEntries != swap)
            {
                problems.Add($"{p.Name}: MM counters anon {p.Mm.AnonPages} shmem {p.Mm.ShmemPages} swap {p.Mm.SwapEntries}, page tables say {anon} {shmem} {swap}");
            }
        }
        foreach (var head in m.LruBatch)
        {
            if (!m.InLruBatch(head) || m.OnLru(head))
            {
                problems.Add($"pfn {head:x}: in the LRU-add batch but flagged otherwise");
            }
        }
    }
}
