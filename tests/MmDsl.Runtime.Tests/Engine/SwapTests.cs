using MmDsl.Engine;
using MmDsl.Engine.Gup;

namespace MmDsl.Runtime.Tests.Engine;

public class SwapTests
{
    [Theory]
    [InlineData("5.7", true)]
    [InlineData("5.8", true)]
    [InlineData("5.16", false)]
    [InlineData("5.18", true)]
    [InlineData("6.1", true)]
    [InlineData("6.14", true)]
    [InlineData("latest", true)]
    public void SeedScenarioWriteAfterReadSwapInCopiesOnlyIn59To517(string version, bool keepsPage)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Write(a, buf, 42);
        Assert.Equal(Errno.Ok, sim.Machine.Madvise(a, buf, 4096, MadviseAdvice.PageOut));
        sim.Check();
        Assert.True(sim.Machine.Lookup(a, buf).Swapped);
        Assert.Equal(42UL, sim.Read(a, buf));
        var p0 = sim.Pfn(a, buf);
        sim.Write(a, buf, 43);
        Assert.Equal(keepsPage, p0 == sim.Pfn(a, buf));
        Assert.Equal(43UL, sim.Read(a, buf));
    }

    [Theory]
    [InlineData("5.16")]
    [InlineData("latest")]
    public void ForkBeforeSwapoutSharesTheSwapEntryAndEachSideKeepsItsData(string version)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Write(a, buf, 1);
        var b = sim.Fork(a, "B");
        sim.Machine.Reclaim();
        sim.Check();
        Assert.True(sim.Machine.Lookup(a, buf).Swapped);
        Assert.True(sim.Machine.Lookup(b, buf).Swapped);
        sim.Write(a, buf, 2);
        Assert.Equal(1UL, sim.Read(b, buf));
        Assert.Equal(2UL, sim.Read(a, buf));
    }

    [Theory]
    [InlineData("5.10", true)]
    [InlineData("5.16", false)]
    [InlineData("latest", false)]
    public void ReclaimOfAPinnedPage(string version, bool entersSwapCache)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Write(a, buf, 1);
        var pin = sim.Machine.GetUserPages(a, buf, 4096, HandleKind.Pin, write: true, longTerm: true);
        Assert.True(pin.Ok);
        sim.Machine.Reclaim();
        sim.Check();
        Assert.Equal(entersSwapCache, sim.Machine.Lookup(a, buf).Swapped);
        Assert.Equal(1UL, sim.Read(a, buf));
    }

    [Fact]
    public void ThpIsSwappedOutWholeAndReadBackPageByPage()
    {
        var sim = new Sim();
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 2 << 20, thp: true);
        for (var i = 0; i < 512; i += 37)
        {
            sim.Write(a, buf + i * 4096L, (ulong)i + 1);
        }
        Assert.Equal(1, sim.Machine.Reclaim());
        sim.Check();
        Assert.Equal(512 * 4096L, a.Mm.SwapEntries * 4096);
        for (var i = 0; i < 512; i += 37)
        {
            Assert.Equal((ulong)i + 1, sim.Read(a, buf + i * 4096L));
        }
    }
}
