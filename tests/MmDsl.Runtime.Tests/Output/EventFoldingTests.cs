using MmDsl.Engine.Events;
using MmDsl.Runtime.Output;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Tests.Output;

/// <summary>Runs of like events over consecutive pages are one line, unless --full or trace asks for each.</summary>
public sealed class EventFoldingTests
{
    private static List<EngineEvent> Copies(int n)
    {
        var events = new List<EngineEvent>();
        for (var i = 0; i < n; i++)
        {
            events.Add(new ForkCopyEvent("B", i * 4096L, 0x400 + i, 0x600 + i, "pinned"));
            events.Add(new FolioFreedEvent(0x800 + i, 0)); // prints nothing without trace
        }
        events.Add(new ForkCopyEvent("B", 0x100000, 0x900, 0x901, "pinned")); // not the next page
        return events;
    }

    private static string[] Flush(List<EngineEvent> events, bool full = false, bool trace = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        new EventReporter(output, new EventFormatter(trace, "6.15+")).Flush(events, full);
        return output.ToString().TrimEnd('\n').Split('\n');
    }

    [Fact]
    public void Consecutive_fork_copies_fold_across_events_that_print_nothing()
    {
        Assert.Equal(
        [
            "B: fork copies 0x0-0x3000 (3 pages) at once: 0x400-0x402 -> 0x600-0x602 (pinned)",
            "B: fork copies 0x100000 at once: 0x900 -> 0x901 (pinned)",
        ], Flush(Copies(3)));
    }

    [Fact]
    public void Full_prints_every_copy()
    {
        Assert.Equal(4, Flush(Copies(3), full: true).Length);
    }

    [Fact]
    public void Many_silent_events_alone_print_nothing()
    {
        var events = Enumerable.Range(0, 200_000).Select(i => (EngineEvent)new FolioFreedEvent(i, 0)).ToList();
        var output = new StringWriter();
        new EventReporter(output, new EventFormatter(false, "6.15+")).Flush(events);
        Assert.Equal(string.Empty, output.ToString());
    }
}
