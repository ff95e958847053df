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
        var faultPart = faults.Count == 0 ? string.Empty : ": " + string.Join("; ", faults.Select(EventFormatter.Describe));
        output.WriteLine(head + faultPart);
        foreach (var e in events)
        {
            var lines = e is FaultEvent f ? formatter.TraceLines(f) : formatter.Other(e, insideAccess: true);
            foreach (var line in lines)
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

    /// <summary>What the engine did that no command printed itself: one line (and its trace) per event.</summary>
    public void Flush(List<EngineEvent> events)
    {
        foreach (var e in events)
        {
            if (e is FaultEvent f)
            {
                output.WriteLine($"{f.Process}: {EventFormatter.Verb(f.Access)} {Fmt.Hex(f.Address)}: {EventFormatter.Describe(f)}");
                foreach (var line in formatter.TraceLines(f))
                {
                    output.WriteLine(line);
                }
                continue;
            }
            foreach (var line in formatter.Other(e, insideAccess: false))
            {
                output.WriteLine(line);
            }
        }
        events.Clear();
    }
}
