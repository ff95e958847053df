using MmDsl.Engine;
using MmDsl.Engine.Events;

namespace MmDsl.Runtime.Tests.Engine;

public class CowTests
{
    [Fact]
    public void FirstWriteAllocatesAnExclusivePageWithTheLruBatchReference()
    {
        var sim = new Sim();
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Write(a, buf, 5);
        Assert.Equal(2, sim.RefCount(a, buf));
        Assert.True(sim.Machine.IsAnonExclusive(sim.Pfn(a, buf)));
        Assert.Equal(5UL, sim.Read(a, buf));
    }

    [Fact]
    public void ChildWriteAfterForkCopiesAndBothKeepTheirData()
    {
        var sim = new Sim();
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Write(a, buf, 1);
        var b = sim.Fork(a, "B");
        Assert.Equal(sim.Pfn(a, buf), sim.Pfn(b, buf));
        sim.Write(b, buf, 2);
        Assert.NotEqual(sim.Pfn(a, buf), sim.Pfn(b, buf));
        Assert.Equal(1UL, sim.Read(a, buf));
        Assert.Equal(2UL, sim.Read(b, buf));
        // The parent's page is now mapped once; its next write reuses it.
        var before = sim.Pfn(a, buf);
        sim.Write(a, buf, 3);
        Assert.Equal(before, sim.Pfn(a, buf));
    }

    [Fact]
    public void ThpForkThenParentWriteSplitsThePmdAndCopiesOneSubpage()
    {
        var sim = new Sim();
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 2 << 20, thp: true);
        sim.Write(a, buf, 7);
        Assert.True(a.Mm.PageTable.GetPmd(buf).IsHuge);
        var b = sim.Fork(a, "B");
        sim.Write(a, buf + 0x1000, 9);
        Assert.False(a.Mm.PageTable.GetPmd(buf).IsHuge);
        Assert.True(b.Mm.PageTable.GetPmd(buf).IsHuge);
        Assert.Equal(7UL, sim.Read(b, buf));
        Assert.Equal(0UL, sim.Read(b, buf + 0x1000));
        Assert.Equal(9UL, sim.Read(a, buf + 0x1000));
        var head = sim.Pfn(b, buf);
        // B's PMD (1) + A's 511 remaining PTEs.
        Assert.Equal(512, sim.Machine.Memory.RefCount(head));
    }

    [Fact]
    public void ReadFaultMapsTheZeroPageThenWriteAllocates()
    {
        var sim = new Sim();
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        Assert.Equal(0UL, sim.Read(a, buf));
        Assert.Equal(Machine.ZeroPfn, sim.Pfn(a, buf));
        sim.Write(a, buf, 4);
        Assert.NotEqual(Machine.ZeroPfn, sim.Pfn(a, buf));
        Assert.Contains(sim.Machine.Events!, e => e is FaultEvent { Handler: FaultHandler.Wp, Outcome: FaultOutcome.Copy });
    }

    [Fact]
    public void SeedScenarioLatestReusesEverySubpageOfAPteMappedThp()
    {
        var sim = new Sim();
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 2 << 20, thp: true);
        sim.Write(a, buf, 1);
        var b = sim.Fork(a, "B");
        // mprotect a subpage R/O and back: the PMD is split, the folio stays whole.
        Assert.Equal(Errno.Ok, sim.Machine.Mprotect(a, buf + 0x1000, 0x1000, true, false));
        Assert.Equal(Errno.Ok, sim.Machine.Mprotect(a, buf + 0x1000, 0x1000, true, true));
        sim.Check();
        sim.Machine.Exit(b);
        sim.Check();
        var head = sim.Pfn(a, buf);
        for (var i = 0; i < 4; i++)
        {
            sim.Write(a, buf + i * 0x1000, 10UL + (ulong)i);
            Assert.Equal(head + i, sim.Pfn(a, buf + i * 0x1000));
        }
    }

    [Theory]
    [InlineData("6.14")]
    [InlineData("5.16")]
    public void SeedScenarioOlderErasCopyEverySubpage(string version)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 2 << 20, thp: true);
        sim.Write(a, buf, 1);
        var b = sim.Fork(a, "B");
        Assert.Equal(Errno.Ok, sim.Machine.Mprotect(a, buf + 0x1000, 0x1000, true, false));
        Assert.Equal(Errno.Ok, sim.Machine.Mprotect(a, buf + 0x1000, 0x1000, true, true));
        sim.Machine.Exit(b);
        sim.Check();
        var head = sim.Pfn(a, buf + 0x2000) - 2;
        for (var i = 0; i < 4; i++)
        {
            sim.Write(a, buf + i * 0x1000, 10UL + (ulong)i);
            Assert.NotEqual(head + i, sim.Pfn(a, buf + i * 0x1000));
        }
    }
}
