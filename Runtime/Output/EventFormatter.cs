using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;

namespace MmDsl.Runtime.Output;

/// <summary>
/// Turns engine events into lines. One line per fault, with the decision in a few words; with
/// trace on, every step of every decision underneath, in the order the engine took them (before
/// what they caused), each tagged with the era and the commit of the rule that decided.
/// </summary>
internal sealed class EventFormatter
{
    private readonly bool _trace;
    private readonly string _era;

    public EventFormatter(bool trace, string era)
    {
        _trace = trace;
        _era = era;
    }

    /// <summary>True with trace on: every step is printed, nothing is folded.</summary>
    public bool Tracing => _trace;

    /// <summary>
    /// The part of a fault line after the access: <c>wp fault -> copy 0x400 -> 0x401 (refcount 2)</c>;
    /// with <paramref name="last"/>, the same for a run of faults on consecutive pages, pfns as ranges.
    /// </summary>
    public static string Describe(FaultEvent f, FaultEvent? last = null)
    {
        string New() => last is null ? Fmt.Pfn(f.NewPfn) : $"{Fmt.Pfn(f.NewPfn)}-{Fmt.Pfn(last.NewPfn)}";
        string Old() => last is null ? Fmt.Pfn(f.OldPfn) : $"{Fmt.Pfn(f.OldPfn)}-{Fmt.Pfn(last.OldPfn)}";
        var handler = (f.Access == AccessKind.Unshare ? "unshare " : string.Empty) + f.Handler switch
        {
            FaultHandler.Anon => "anon fault",
            FaultHandler.HugeAnon => "huge anon fault",
            FaultHandler.Wp => "wp fault",
            FaultHandler.HugeWp => "huge wp fault",
            FaultHandler.Swap => "swap fault",
            FaultHandler.File => "file fault",
            _ => "shmem fault",
        };
        if (f.Access == AccessKind.Unshare)
        {
            handler = handler.Replace("unshare wp fault", "unshare fault").Replace("unshare huge wp fault", "huge unshare fault");
        }
        var reason = ShortReason(f.Reason);
        var why = reason.Length > 0 ? $" ({reason})" : string.Empty;
        var what = f.Outcome switch
        {
            FaultOutcome.ZeroPage => "zero page",
            FaultOutcome.HugeZeroPage => "huge zero page",
            FaultOutcome.NewPage => last is null ? $"new page {New()}" : $"new pages {New()}",
            FaultOutcome.NewFolio when f.Order == 9 => $"new thp {New()}{why}",
            FaultOutcome.NewFolio => $"new folio {New()} (order {f.Order})",
            FaultOutcome.CopyZero => $"new page {New()} (zero page)",
            FaultOutcome.Copy => $"copy {Old()} -> {New()}{why}",
            FaultOutcome.CopyFolio => $"copy thp {Old()} -> {New()}{why}",
            FaultOutcome.Reuse when f.Handler == FaultHandler.HugeWp => $"reuse thp {New()}{why}",
            FaultOutcome.Reuse => $"reuse {New()}{why}",
            FaultOutcome.SplitFallback => $"split pmd{why}",
            FaultOutcome.SwapIn => $"swap in {New()}{why}",
            FaultOutcome.MapShared => $"shared page {New()}",
            FaultOutcome.MapFile => $"page cache {New()}{why}",
            _ => "out of memory",
        };
        return $"{handler} -> {what}";
    }

    /// <summary>The condition of a decision step without its "-> action" tail.</summary>
    public static string ShortReason(string condition)
    {
        var arrow = condition.IndexOf(" -> ", StringComparison.Ordinal);
        return arrow < 0 ? condition : condition[..arrow];
    }

    /// <summary>
    /// A decision step under trace: the function, the condition, and the rule that decided as
    /// <c>[era, commit]</c> (the commit of the facts table's entry: the one that introduced the
    /// rule, <c>until C</c> for a legacy rule C ended, the stable commit where an exact stable
    /// version is modelled), or <c>[era]</c> for a rule every modelled kernel shares.
    /// </summary>
    public string Decision(DecisionEvent d)
    {
        var who = d.Process is null ? string.Empty : d.Process + ": ";
        return $"  {who}{d.Step}{Tag(d.Rule)}";
    }

    /// <summary><c> [era, commit]</c> of a decision's rule, <c> [era]</c> without one.</summary>
    public string Tag(EraFact? rule) => $" [{_era}{(rule is { } fact ? ", " + fact.Citation : string.Empty)}]";

    /// <summary>
    /// What follows the reason of a reclaim outcome: under trace the rule's tag; without, a folio
    /// kept by a rule names its commit and version (<c>(feb889fb40fa, 5.11)</c>).
    /// </summary>
    public string ReclaimRule(ReclaimEvent r) =>
        r.Rule is not { } rule ? string.Empty
        : _trace ? Tag(rule)
        : r.Result == ReclaimResult.Kept && rule.Commit is { } commit && !rule.Legacy ? $" ({commit}, {rule.From})"
        : string.Empty;

    /// <summary>Lines for events that are not faults (splits outside faults, early copies at fork, trace-only steps).</summary>
    public IEnumerable<string> Other(EngineEvent e, bool insideAccess) => e switch
    {
        PmdSplitEvent s when !insideAccess => [$"{s.Process}: split pmd {Fmt.Hex(s.Address)} ({s.Reason})"],
        PmdSplitEvent s when _trace => [$"  __split_huge_pmd: {Fmt.Hex(s.Address)} pfn {Fmt.Pfn(s.Pfn)} ({s.Reason})"],
        ForkCopyEvent c => [$"{c.Child}: fork copies {Fmt.Hex(c.Address)} at once: {Fmt.Pfn(c.OldPfn)} -> {Fmt.Pfn(c.NewPfn)} ({c.Reason})"],
        SegvEvent s => [$"{s.Process}: {Verb(s.Access)} {Fmt.Hex(s.Address)}: {(s.Bus ? "SIGBUS" : "SIGSEGV")} ({s.Reason})"],
        DecisionEvent d when _trace => [Decision(d)],
        LruDrainEvent d when _trace => [$"  lru_add_drain: {d.Pages} folio(s) leave the LRU-add batch ({d.Reason})"],
        DeferredSplitEvent d when _trace => [$"  deferred_split_folio: {Fmt.Pfn(d.Pfn)} queued ({d.Reason})"],
        FolioFreedEvent f when _trace => [$"  free folio {Fmt.Pfn(f.Pfn)} (order {f.Order})"],
        _ => [],
    };

    public static string Verb(AccessKind kind) => kind switch
    {
        AccessKind.Read => "read",
        AccessKind.Write => "write",
        _ => "unshare",
    };
}
