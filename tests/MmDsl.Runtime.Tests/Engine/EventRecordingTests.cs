using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Tests.Engine;

/// <summary>The engine returns the events of one call; outcomes are values, not words to parse.</summary>
public sealed class EventRecordingTests
{
    private static (Machine, Process, long) Mapped()
    {
        var m = new Machine(KernelVersion.Latest);
        var p = m.CreateProcess("A").Value;
        var address = m.Mmap(p, null, 3 * 4096, new MmapOptions()).Value;
        return (m, p, address);
    }

    [Fact]
    public void ARecordingHoldsTheEventsOfItsCallsOnly()
    {
        var (m, p, buf) = Mapped();
        m.Write(p, buf, 1);
        using (var rec = m.Record())
        {
            m.Write(p, buf + 4096, 2);
            var fault = Assert.Single(rec.Events.OfType<FaultEvent>());
            Assert.Equal(buf + 4096, fault.Address);
            Assert.IsType<DecisionEvent>(rec.Events[rec.Events.IndexOf(fault) + 1]);
        }
        using (var rec = m.Record())
        {
            m.Write(p, buf + 8192, 3);
            Assert.Equal(buf + 8192, Assert.Single(rec.Events.OfType<FaultEvent>()).Address);
        }
    }

    [Fact]
    public void RecordingsNestAndTheOuterOneGoesOn()
    {
        var (m, p, buf) = Mapped();
        using var outer = m.Record();
        m.Write(p, buf, 1);
        using (var inner = m.Record())
        {
            m.Write(p, buf + 4096, 2);
            Assert.Single(inner.Events.OfType<FaultEvent>());
        }
        m.Write(p, buf + 8192, 3);
        Assert.Equal([buf, buf + 8192], outer.Events.OfType<FaultEvent>().Select(f => f.Address));
    }

    [Fact]
    public void AWriteOnTheZeroPageIsACopyZeroOutcome()
    {
        var (m, p, buf) = Mapped();
        Assert.Equal(AccessStatus.Ok, m.Read(p, buf).Status);
        using var rec = m.Record();
        m.Write(p, buf, 7);
        var fault = Assert.Single(rec.Events.OfType<FaultEvent>());
        Assert.Equal(FaultOutcome.CopyZero, fault.Outcome);
        Assert.Equal(Machine.ZeroPfn, fault.OldPfn);
        // The words come from the outcome, whatever the reason says.
        Assert.Equal($"wp fault -> new page {Fmt.Pfn(fault.NewPfn)} (zero page)", EventFormatter.Describe(fault with { Reason = "anything" }));
    }

    [Fact]
    public void ACopyOfAnAnonPageIsACopyOutcome()
    {
        var (m, p, buf) = Mapped();
        m.Write(p, buf, 1);
        var child = m.Fork(p, "B").Value;
        using var rec = m.Record();
        m.Write(child, buf, 2);
        Assert.Equal(FaultOutcome.Copy, Assert.Single(rec.Events.OfType<FaultEvent>()).Outcome);
    }

    [Fact]
    public void EveryCollapseResultHasItsOwnKernelName()
    {
        var names = Enum.GetValues<ScanResult>().Select(r => r.KernelName()).ToList();
        Assert.All(names, n => Assert.StartsWith("SCAN_", n, StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
