using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>
/// How a fault is recorded: its decisions as they are taken, what they cause after them, and the
/// fault itself where it began (its outcome is known only at the end, its place at the start).
/// </summary>
internal sealed partial class Machine
{
    /// <summary>Where in the recording the fault being handled began.</summary>
    private int _faultStart;

    /// <summary>A fault handler starts: its <see cref="FaultEvent"/> will be recorded here, before its decisions.</summary>
    private void BeginFault() => _faultStart = _events?.Count ?? 0;

    /// <summary>A decision step, recorded now, before anything it causes; <paramref name="rule"/> is the fact whose rule decided, if any.</summary>
    internal void EmitDecision(string? process, string function, string condition, Fact? rule)
    {
        if (_events is { } events)
        {
            events.Add(new DecisionEvent(process, new TraceStep(function, condition), rule is { } fact ? Era.Rule(fact) : null));
        }
    }

    /// <summary>A decision step shared by every fault that takes it (no process, no era rule): recorded without an allocation.</summary>
    private void EmitDecision(DecisionEvent shared) => _events?.Add(shared);

    /// <summary>
    /// The fault ended in <paramref name="outcome"/>: count it and record it at the place it began.
    /// A fault that recorded no decision of its own (a shared mapping, out of memory) gets one that
    /// says what its handler did, right after it.
    /// </summary>
    private void EmitFault(
        Process process, long address, AccessKind kind, FaultHandler handler, FaultOutcome outcome,
        int oldPfn, int newPfn, int order, string reason)
    {
        Stats.Count(handler);
        if (_events is not { } events)
        {
            return;
        }
        var start = Math.Min(_faultStart, events.Count);
        var decided = false;
        for (var i = start; i < events.Count && !decided; i++)
        {
            decided = events[i] is DecisionEvent { Process: null };
        }
        events.Insert(start, new FaultEvent(process.Name, address, kind, handler, outcome, oldPfn, newPfn, order, reason));
        if (!decided)
        {
            events.Insert(start + 1, new DecisionEvent(null, new TraceStep(HandlerFunction(handler), reason), null));
        }
        _faultStart = events.Count;
    }

    private static string HandlerFunction(FaultHandler handler) => handler switch
    {
        FaultHandler.Anon => "do_anonymous_page",
        FaultHandler.HugeAnon => "do_huge_pmd_anonymous_page",
        FaultHandler.Wp => "do_wp_page",
        FaultHandler.HugeWp => "do_huge_pmd_wp_page",
        FaultHandler.Swap => "do_swap_page",
        FaultHandler.File => "do_fault",
        _ => "shmem_fault",
    };
}
