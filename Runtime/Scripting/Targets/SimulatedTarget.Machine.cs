using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting.Targets;

internal sealed partial class SimulatedTarget
{
    /// <summary>More reclaim outcomes than this are summarised by kind.</summary>
    private const int ReclaimDetailLimit = 16;

    public string Swapout(string name, long address, long size, Command command)
    {
        var process = P(name);
        var error = M.Madvise(process, address, size, MadviseAdvice.PageOut);
        if (error == Errno.EINVAL && !M.Era.HasMadvPageout)
        {
            Out.WriteLine($"{process.Name}: swapout {Fmt.Range(address, address + size)}: {error} (MADV_PAGEOUT arrived in 5.4)");
            _events.Clear();
            return error.ToString();
        }
        PrintReclaim($"{process.Name}: swapout {Fmt.Range(address, address + size)}", error);
        return error == Errno.Ok ? "ok" : error.ToString();
    }

    public void Reclaim()
    {
        M.Reclaim();
        PrintReclaim("reclaim", Errno.Ok);
    }

    /// <summary>One line for the operation, then one per folio (or a summary when there are many).</summary>
    private void PrintReclaim(string head, Errno error)
    {
        var outcomes = _events.OfType<ReclaimEvent>().ToList();
        var splits = _events.OfType<FolioSplitEvent>().Where(s => s.Split).ToList();
        var swapped = outcomes.Count(o => o.Result == ReclaimResult.SwappedOut);
        var words = new List<string> { $"{swapped} swapped out" };
        void Count(ReclaimResult r, string word)
        {
            var n = outcomes.Count(o => o.Result == r);
            if (n > 0)
            {
                words.Add($"{n} {word}");
            }
        }
        Count(ReclaimResult.Discarded, "discarded");
        Count(ReclaimResult.Kept, "kept");
        Count(ReclaimResult.Skipped, "skipped");
        if (splits.Count > 0)
        {
            words.Add($"{splits.Count} split");
        }
        Out.WriteLine($"{head}: {string.Join(", ", words)}{(error == Errno.Ok ? string.Empty : $" ({error})")}");
        var details = outcomes.Where(o => o.Result != ReclaimResult.Split).ToList();
        var formatter = new EventFormatter(session.Trace, session.Era.Name);
        if (details.Count <= ReclaimDetailLimit)
        {
            foreach (var o in details)
            {
                Out.WriteLine($"  {(o.Pfn == 0 ? "-" : Fmt.Pfn(o.Pfn))}{(o.Order > 0 ? $" (order {o.Order})" : string.Empty)}: {Word(o.Result)}: {o.Reason}{formatter.ReclaimRule(o)}");
            }
        }
        else
        {
            foreach (var g in details.GroupBy(o => (o.Result, Reason: o.Result == ReclaimResult.SwappedOut ? "to swap" : o.Reason)))
            {
                Out.WriteLine($"  {g.Count()} {Word(g.Key.Result)}: {g.Key.Reason}");
            }
        }
        _events.RemoveAll(e => e is ReclaimEvent or FolioSplitEvent);
        FlushEvents();

        static string Word(ReclaimResult r) => r switch
        {
            ReclaimResult.SwappedOut => "swapped out",
            ReclaimResult.Discarded => "discarded",
            ReclaimResult.Kept => "kept",
            ReclaimResult.Skipped => "skipped",
            _ => "split",
        };
    }

    public string Collapse(string name, long address, Command command)
    {
        var process = P(name);
        if (!M.Era.HasMadvCollapse)
        {
            Out.WriteLine($"{process.Name}: collapse {Fmt.Hex(address)}: {Errno.EINVAL} (MADV_COLLAPSE arrived in 6.1; use khugepaged)");
            return Errno.EINVAL.ToString();
        }
        var error = M.MadviseCollapseAt(process, address);
        PrintCollapses();
        if (error == Errno.Ok)
        {
            return "ok";
        }
        Out.WriteLine($"{process.Name}: collapse {Fmt.Hex(address)}: {error} (madvise_collapse_errno of the last failure)");
        return error.ToString();
    }

    public void Khugepaged()
    {
        var collapsed = M.Khugepaged();
        var attempts = _events.OfType<CollapseEvent>().Count();
        Out.WriteLine($"khugepaged: {attempts} range(s) scanned, {collapsed} collapsed");
        PrintCollapses(indent: "  ");
    }

    private void PrintCollapses(string indent = "")
    {
        foreach (var e in _events.OfType<CollapseEvent>())
        {
            var what = e.Collapsed ? e.Result == ScanResult.Succeed ? $"new THP {Fmt.Pfn(e.Pfn)} ({e.Detail})" : e.Detail : e.Detail;
            Out.WriteLine($"{indent}{e.Process}: collapse {Fmt.Hex(e.Address)}: {e.Result.KernelName()}: {what}");
        }
        _events.RemoveAll(e => e is CollapseEvent);
        FlushEvents();
    }

    public void Split(string name, long address, bool folio, Command command)
    {
        var process = P(name);
        var info = M.Lookup(process, address);
        if (!info.Present || info.Zero)
        {
            Out.WriteLine($"{process.Name}: split {Fmt.Hex(address)}: nothing {(info.Zero ? "but the zero page" : string.Empty)} mapped, nothing to split");
            return;
        }
        var head = M.Memory.Head(info.Pfn);
        if (folio)
        {
            if (!M.IsLarge(head))
            {
                Out.WriteLine($"{process.Name}: split folio {Fmt.Hex(address)}: {Fmt.Pfn(head)} is a small folio");
                return;
            }
            var order = M.FolioOrder(head);
            var done = M.SplitFolio(head, "split folio command");
            var refusal = _events.OfType<FolioSplitEvent>().FirstOrDefault(e => !e.Split);
            _events.RemoveAll(e => e is FolioSplitEvent or PmdSplitEvent);
            Out.WriteLine(done
                ? $"{process.Name}: split folio {Fmt.Pfn(head)} (order {order}) into {1 << order} small folios"
                : $"{process.Name}: split folio {Fmt.Pfn(head)}: refused: {refusal?.Reason}");
            FlushEvents();
            return;
        }
        var vma = process.Mm.FindVma(address)!;
        if (!M.SplitHugePmd(process, vma, address, "split command"))
        {
            Out.WriteLine($"{process.Name}: split {Fmt.Hex(address)}: not PMD-mapped, nothing to split");
            _events.Clear();
            return;
        }
        FlushEvents();
    }

    public void Migrate(string name, long address, long size)
    {
        var process = P(name);
        var moved = M.Migrate(process, address, size);
        var events = _events.OfType<MigrateEvent>().ToList();
        Out.WriteLine($"{process.Name}: migrate {Fmt.Range(address, address + size)}: {moved} of {events.Count} folio(s) moved");
        foreach (var e in events.Take(ReclaimDetailLimit))
        {
            Out.WriteLine(e.Moved
                ? $"  {Fmt.Pfn(e.OldPfn)} -> {Fmt.Pfn(e.NewPfn)}{(e.Order > 0 ? $" (order {e.Order})" : string.Empty)}: {e.Reason}"
                : $"  {Fmt.Pfn(e.OldPfn)}: refused: {e.Reason}");
        }
        _events.RemoveAll(e => e is MigrateEvent);
        FlushEvents();
    }

    public void Shrink(Command command)
    {
        var queued = M.DeferredSplitQueue.ToList();
        var free = M.Memory.FreePages;
        var split = M.Shrink();
        var freed = M.Memory.FreePages - free;
        Out.WriteLine($"shrink: {queued.Count} queued, {split} split, {freed} pages ({Fmt.Size(freed * PageTable.PageSize)}) freed");
        foreach (var e in _events.OfType<FolioSplitEvent>())
        {
            Out.WriteLine(e.Split ? $"  {Fmt.Pfn(e.Pfn)} (order {e.Order}): split" : $"  {Fmt.Pfn(e.Pfn)} (order {e.Order}): refused: {e.Reason}");
        }
        _events.RemoveAll(e => e is FolioSplitEvent);
        FlushEvents();
    }

    /// <summary>The fewest full scans one <c>ksm</c> command makes (it goes on until a scan merges nothing).</summary>
    public const int KsmScans = 2;

    public void Ksm()
    {
        var result = M.KsmRun(KsmScans);
        Out.WriteLine($"ksm: {result.Scans} full scans, {result.Merged} page(s) merged; pages_shared {result.PagesShared}, pages_sharing {result.PagesSharing}");
        // A refusal repeats at every scan; it is printed once.
        var events = result.Events.Distinct().ToList();
        foreach (var e in events.Take(ReclaimDetailLimit))
        {
            Out.WriteLine(e.Merged
                ? $"  {e.Process}:{Fmt.Hex(e.Address)}: {(e.OldPfn == e.KsmPfn ? Fmt.Pfn(e.KsmPfn) : $"{Fmt.Pfn(e.OldPfn)} -> KSM page {Fmt.Pfn(e.KsmPfn)}")}: {e.Reason}"
                : $"  {e.Process}:{Fmt.Hex(e.Address)}: {Fmt.Pfn(e.OldPfn)} not merged: {e.Reason}");
        }
        if (events.Count > ReclaimDetailLimit)
        {
            Out.WriteLine($"  ... {events.Count - ReclaimDetailLimit} more");
        }
        FlushEvents();
    }

    public void Drain()
    {
        var pages = M.LruBatch.Count;
        M.LruAddDrainAll(string.Empty);
        Out.WriteLine($"drain: {pages} folio(s) left the LRU-add batches");
    }
}
