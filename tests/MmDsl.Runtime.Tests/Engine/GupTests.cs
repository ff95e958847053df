using MmDsl.Engine;
using MmDsl.Engine.Gup;

namespace MmDsl.Runtime.Tests.Engine;

public class GupTests
{
    /// <summary>CVE-2020-29374: child vmsplices, unmaps, parent writes; does the pipe see the new data?</summary>
    [Theory]
    [InlineData("5.7", false, true)]
    [InlineData("5.8", false, false)]
    [InlineData("5.16", false, false)]
    [InlineData("5.18", false, false)]
    [InlineData("latest", false, false)]
    [InlineData("5.7", true, true)]
    [InlineData("5.8", true, false)]
    [InlineData("5.16", true, true)]
    [InlineData("5.18", true, false)]
    [InlineData("latest", true, false)]
    public void Cve2020_29374(string version, bool thp, bool leaks)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 2 << 20, thp: thp);
        sim.Write(a, buf, 1);
        var b = sim.Fork(a, "B");
        var pipe = sim.Machine.GetUserPages(b, buf, 4096, HandleKind.Pipe, write: false, longTerm: false);
        Assert.True(pipe.Ok);
        sim.Check();
        sim.Machine.Exit(b);
        sim.Check();
        sim.Write(a, buf, 2);
        Assert.Equal(leaks ? 2UL : 1UL, sim.Machine.HandleRead(pipe.Value, 0));
    }

    /// <summary>R/O long-term pin, then fork, then the parent writes: does the pin still see the parent's page?</summary>
    [Theory]
    [InlineData("5.7", false)]
    [InlineData("5.16", true)]
    [InlineData("latest", true)]
    public void ReadOnlyPinThenForkThenWrite(string version, bool coherent)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Write(a, buf, 1);
        var pin = sim.Machine.GetUserPages(a, buf, 4096, HandleKind.Pin, write: false, longTerm: true);
        var b = sim.Fork(a, "B");
        sim.Write(a, buf, 2);
        Assert.Equal(coherent, sim.Machine.HandleRead(pin.Value, 0) == 2UL);
        Assert.Equal(1UL, sim.Read(b, buf));
    }
}
