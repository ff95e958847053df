using MmDsl.Engine;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output.Show;

namespace MmDsl.Runtime.Output.Graph;

/// <summary>
/// Builds the <see cref="GraphModel"/> of a machine: walks each process's page table once, folding
/// like entries into runs as it goes, then folds like folios at consecutive pfns into one node
/// wherever no run begins or ends, and cuts the runs at those nodes, so that every run leads to one
/// node. A 4 GiB process is a few lines, not a million.
/// </summary>
internal static class GraphBuilder
{
    /// <summary>The flags that tell folios apart (the inline content offset and the lock are not among them).</summary>
    private const PageFlags Relevant = PageFlags.Anon | PageFlags.Shmem | PageFlags.AnonExclusive | PageFlags.SwapCache |
        PageFlags.Lru | PageFlags.LruBatch | PageFlags.Dirty | PageFlags.DeferredSplit;

    /// <summary>The graph of <paramref name="process"/> (null: every process) in [start, end); folios reached from there, or every folio when nothing is filtered.</summary>
    public static GraphModel Build(Machine m, string? process = null, long start = 0, long end = Machine.TaskSize)
    {
        var whole = process is null && start == 0 && end >= Machine.TaskSize;
        var raw = new List<(Process P, Vma V, List<RawRun> Runs)>();
        var shown = m.Processes.Where(p => process is null || p.Name == process).ToList();
        foreach (var p in shown)
        {
            foreach (var vma in p.Mm.VmasIn(start, end))
            {
                raw.Add((p, vma, Walk(m, p, vma, Math.Max(start, vma.Start), Math.Min(end, vma.End))));
            }
        }
        var cuts = new HashSet<int>();
        var reached = new HashSet<int>();
        foreach (var run in raw.SelectMany(r => r.Runs).Where(r => r.Kind == EntryKind.Folio))
        {
            Cut(m, run.First, cuts);
            Cut(m, run.Last, cuts);
            cuts.Add(run.First);
            cuts.Add(run.Last + 1);
        }
        var folios = FoldFolios(m, cuts);
        var nodeOf = new SortedList<int, FolioNode>(folios.Count);
        foreach (var node in folios)
        {
            nodeOf.Add(node.Head, node);
        }
        var used = new HashSet<int>();
        var processes = new List<ProcessNode>();
        foreach (var shownProcess in shown)
        {
            var vmas = new List<VmaNode>();
            foreach (var (p, vma, runs) in raw.Where(r => r.P == shownProcess))
            {
                var entries = runs.SelectMany(r => Split(m, p.Name, r, nodeOf)).ToList();
                foreach (var e in entries.Where(e => e.Edge >= 0))
                {
                    used.Add(e.Folio);
                }
                vmas.Add(new VmaNode(p.Name, vma.Start, vma.End, p.Mm.NameOf(vma.Start, vma.End), vma.Flags.Perms(), entries));
            }
            processes.Add(new ProcessNode(shownProcess.Name, shownProcess.Pid, vmas));
        }
        return new GraphModel(processes, whole ? folios : folios.Where(f => used.Contains(f.Head)).ToList());
    }

    /// <summary>A run that begins or ends inside a large folio keeps that folio a node of its own.</summary>
    private static void Cut(Machine m, int pfn, HashSet<int> cuts)
    {
        var head = m.Memory.Head(pfn);
        cuts.Add(head);
        cuts.Add(head + m.FolioNrPages(head));
    }

    private readonly record struct RawRun(string Level, long Start, int Count, EntryKind Kind, bool Writable, int First, int Last, bool SwpExclusive, int Cached);

    private static List<RawRun> Walk(Machine m, Process p, Vma vma, long from, long to)
    {
        var runs = new List<RawRun>();
        var pt = p.Mm.PageTable;
        RawRun? open = null;
        void Add(RawRun next)
        {
            if (open is { } o && Continues(o, next))
            {
                open = o with { Count = o.Count + 1, Last = next.Last };
                return;
            }
            if (open is { } done)
            {
                runs.Add(done);
            }
            open = next;
        }
        for (var addr = pt.NextPopulated(from & ~(PageTable.PageSize - 1), to); addr < to; addr = pt.NextPopulated(addr, to))
        {
            var haddr = addr & ~(PageTable.PmdSize - 1);
            var table = pt.FindPmdTable(addr)!;
            var pmd = new Pte(table.Pmd[PageTable.PmdIndex(addr)]);
            var next = Math.Min(haddr + PageTable.PmdSize, to);
            if (pmd.IsHuge)
            {
                if (haddr >= vma.Start)
                {
                    Add(pmd.IsSpecial
                        ? new RawRun("pmd", haddr, 1, EntryKind.Zero, false, pmd.Pfn, pmd.Pfn, false, -1)
                        : new RawRun("pmd", haddr, 1, EntryKind.Folio, pmd.IsWrite, pmd.Pfn, pmd.Pfn + Machine.HPagePmdNr - 1, false, -1));
                }
                addr = haddr + PageTable.PmdSize;
                continue;
            }
            if (table.Ptes[PageTable.PmdIndex(addr)] is not { } ptes)
            {
                addr = haddr + PageTable.PmdSize;
                continue;
            }
            for (; addr < next; addr += PageTable.PageSize)
            {
                var pte = new Pte(ptes[PageTable.PteIndex(addr)]);
                if (pte.IsSwap)
                {
                    var cached = m.Swap.CachedFolio(pte.SwapOffset);
                    Add(new RawRun("pte", addr, 1, EntryKind.Swap, false, pte.SwapOffset, pte.SwapOffset, pte.IsSwpExclusive, cached == 0 ? -1 : m.Memory.Head(cached)));
                }
                else if (pte.IsPresent)
                {
                    Add(new RawRun("pte", addr, 1, pte.IsSpecial ? EntryKind.Zero : EntryKind.Folio, pte.IsWrite && !pte.IsSpecial, pte.Pfn, pte.Pfn, false, -1));
                }
            }
        }
        if (open is { } last)
        {
            runs.Add(last);
        }
        return runs;
    }

    private static bool Continues(RawRun a, RawRun b)
    {
        if (a.Level != b.Level || a.Kind != b.Kind || a.Writable != b.Writable || a.SwpExclusive != b.SwpExclusive ||
            b.Start != a.Start + a.Count * (a.Level == "pmd" ? PageTable.PmdSize : PageTable.PageSize))
        {
            return false;
        }
        return a.Kind switch
        {
            EntryKind.Zero => a.First == b.First,
            EntryKind.Swap => b.First == a.Last + 1 && a.Cached == b.Cached,
            _ => b.First == a.Last + 1,
        };
    }

    /// <summary>Cuts a run where the folio node under it changes; each piece leads to one node.</summary>
    private static IEnumerable<EntryRun> Split(Machine m, string process, RawRun r, SortedList<int, FolioNode> nodes)
    {
        if (r.Kind != EntryKind.Folio)
        {
            yield return new EntryRun(process, r.Level, r.Start, r.Count, r.Kind, r.Writable, r.Kind == EntryKind.Swap ? r.Cached : -1, r.First, r.Last, r.SwpExclusive);
            yield break;
        }
        var perEntry = r.Level == "pmd" ? Machine.HPagePmdNr : 1;
        var pfn = r.First;
        var address = r.Start;
        while (pfn <= r.Last)
        {
            var node = NodeAt(nodes, m.Memory.Head(pfn));
            var nodeEnd = node.Head + node.Count * node.NrPages;
            var last = Math.Min(r.Last, nodeEnd - 1);
            var count = (last - pfn + 1) / perEntry;
            yield return new EntryRun(process, r.Level, address, count, EntryKind.Folio, r.Writable, node.Head, pfn - node.Head, last - node.Head, false);
            address += count * (r.Level == "pmd" ? PageTable.PmdSize : PageTable.PageSize);
            pfn = last + 1;
        }
    }

    private static FolioNode NodeAt(SortedList<int, FolioNode> nodes, int head)
    {
        var keys = nodes.Keys;
        int lo = 0, hi = keys.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (keys[mid] <= head)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return nodes.Values[lo];
    }

    private readonly record struct FolioKey(int Order, int Ref, int Map, int Pins, PageFlags Flags, int Exclusive, int Gets);

    /// <summary>Every folio in use, like ones at consecutive pfns folded where no cut falls.</summary>
    private static List<FolioNode> FoldFolios(Machine m, HashSet<int> cuts)
    {
        var held = new Dictionary<int, (int Pins, int Gets)>();
        foreach (var handle in m.Handles.Values)
        {
            foreach (var pfn in handle.Pfns.Where(pfn => !m.IsZeroPfn(pfn)))
            {
                var head = m.Memory.Head(pfn);
                var (pins, gets) = held.GetValueOrDefault(head);
                held[head] = handle.Kind == HandleKind.Pin ? (pins + 1, gets) : (pins, gets + 1);
            }
        }
        var nodes = new List<FolioNode>();
        FolioKey? openKey = null;
        int openHead = 0, openCount = 0, openEnd = -1;
        void Close()
        {
            if (openKey is { } k)
            {
                nodes.Add(Node(m, openHead, openCount, k));
            }
        }
        foreach (var head in m.Folios())
        {
            var order = m.FolioOrder(head);
            var nr = 1 << order;
            var exclusive = 0;
            for (var i = 0; i < nr; i++)
            {
                exclusive += m.IsAnonExclusive(head + i) ? 1 : 0;
            }
            var (pins, gets) = held.GetValueOrDefault(head);
            var key = new FolioKey(order, m.Memory.RefCount(head), m.FolioMapCount(head), pins, m.Memory.Flags(head) & Relevant & ~PageFlags.AnonExclusive, exclusive, gets);
            if (openKey == key && head == openEnd && !cuts.Contains(head))
            {
                openCount++;
                openEnd += nr;
                continue;
            }
            Close();
            openKey = key;
            openHead = head;
            openCount = 1;
            openEnd = head + nr;
        }
        Close();
        return nodes;
    }

    private static FolioNode Node(Machine m, int head, int count, FolioKey key)
    {
        var extra = new List<string>();
        if (m.InSwapCache(head))
        {
            extra.Add($"swapcache {1 << key.Order}");
        }
        if (m.InLruBatch(head))
        {
            extra.Add("lru 1");
        }
        if (key.Pins > 0)
        {
            var bias = m.IsLarge(head) ? 1 : Machine.GupPinCountingBias;
            extra.Add(bias == 1 ? $"pin {key.Pins}" : $"pin {key.Pins}x{bias}");
        }
        if (key.Gets > 0)
        {
            extra.Add($"gup {key.Gets}");
        }
        return new FolioNode(head, key.Order, count, key.Ref, key.Map, m.FolioPins(head), RefsTable.Flags(m, head), string.Join(", ", extra));
    }
}
