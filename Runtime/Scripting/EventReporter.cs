using MmDsl.Engine.Events;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// Decides how the events of one call are shown: one line per access (its faults after it, their
/// trace steps underneath) and per leftover event, or, while a range access or a long loop runs,
/// counted into its <see cref="AccessSummary"/>. Events are taken out of the recording as they are
/// reported.
/// </summary>
internal sealed class EventReporter(TextWriter output, EventFormatter formatter)
{
    /// <summary>One access: counted when a summary runs, else its line and what it did underneath.</summary>
    public void Access(List<EngineEvent> events, AccessSummary? summary, string head)
    {
        if (summary is not null)
        {
            Count(events, summary);
            return;
        }
        var faults = events.OfType<FaultEvent>().ToList();
        var faultPart = faults.Count == 0 ? string.Empty : ": " + string.Join("; ", faults.Select(f => EventFormatter.Describe(f)));
        output.WriteLine(head + faultPart);
        // The faults are in the head line; under it, in the order they happened, each decision and what it caused.
        foreach (var e in events)
        {
            if (e is FaultEvent)
            {
                continue;
            }
            foreach (var line in formatter.Other(e, insideAccess: true))
            {
                output.WriteLine(line);
            }
        }
        events.Clear();
    }

    /// <summary>One access of a range or a summarised loop: its faults and SIGSEGVs go into the summary.</summary>
    public static void Count(List<EngineEvent> events, AccessSummary summary)
    {
        summary.Accesses++;
        foreach (var e in events)
        {
            summary.Add(e);
        }
        events.Clear();
    }

    /// <summary>
    /// What the engine did that no command printed itself: one line (and its trace) per event.
    /// Unless <paramref name="full"/> or tracing, a run of like events over consecutive pages (a
    /// fork's early copies of a pinned THP, a collapse's swap-ins) is one line with the ranges.
    /// </summary>
    public void Flush(List<EngineEvent> events, bool full = false)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var (run, end) = full || formatter.Tracing || e is not (FaultEvent or ForkCopyEvent) ? (1, i) : RunOf(events, i);
            if (e is FaultEvent f)
            {
                var last = (FaultEvent)events[end];
                output.WriteLine(run == 1
                    ? $"{f.Process}: {EventFormatter.Verb(f.Access)} {Fmt.Hex(f.Address)}: {EventFormatter.Describe(f)}"
                    : $"{f.Process}: {EventFormatter.Verb(f.Access)} {Fmt.Hex(f.Address)}-{Fmt.Hex(last.Address + Page)} ({run} pages): {EventFormatter.Describe(f, last)}");
            }
            else if (e is ForkCopyEvent c && run > 1)
            {
                var last = (ForkCopyEvent)events[end];
                output.WriteLine($"{c.Child}: fork copies {Fmt.Hex(c.Address)}-{Fmt.Hex(last.Address + Page)} ({run} pages) at once: " +
                    $"{Fmt.Pfn(c.OldPfn)}-{Fmt.Pfn(last.OldPfn)} -> {Fmt.Pfn(c.NewPfn)}-{Fmt.Pfn(last.NewPfn)} ({c.Reason})");
            }
            else
            {
                foreach (var line in formatter.Other(e, insideAccess: false))
                {
                    output.WriteLine(line);
                }
            }
            i = end;
        }
        events.Clear();
    }

    private const long Page = 4096;

    /// <summary>
    /// How many events from <paramref name="start"/> on are the same kind of thing, page after page,
    /// and the index of the last; events that print nothing (LRU drains, frees without trace) may lie between.
    /// </summary>
    private (int Count, int End) RunOf(List<EngineEvent> events, int start)
    {
        var count = 1;
        var end = start;
        for (var j = start + 1; j < events.Count; j++)
        {
            if (Follows(events[end], events[j]))
            {
                count++;
                end = j;
            }
            else if (events[j] is FaultEvent || formatter.Other(events[j], insideAccess: false).Any())
            {
                break;
            }
        }
        return (count, count == 1 ? start : end);
    }

    private static bool Follows(EngineEvent previous, EngineEvent next) => (previous, next) switch
    {
        (ForkCopyEvent a, ForkCopyEvent b) => a.Child == b.Child && a.Reason == b.Reason
            && b.Address == a.Address + Page && b.OldPfn == a.OldPfn + 1 && b.NewPfn == a.NewPfn + 1,
        (FaultEvent a, FaultEvent b) => a.Process == b.Process && a.Access == b.Access && a.Handler == b.Handler
            && a.Outcome == b.Outcome && a.Reason == b.Reason && a.Order == 0 && b.Order == 0
            && b.Address == a.Address + Page && b.NewPfn == a.NewPfn + 1 && (a.OldPfn == 0 ? b.OldPfn == 0 : b.OldPfn == a.OldPfn + 1),
        _ => false,
    };
}
