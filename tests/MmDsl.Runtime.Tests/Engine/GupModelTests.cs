using MmDsl.Engine;
using MmDsl.Engine.Gup;

namespace MmDsl.Runtime.Tests.Engine;

/// <summary>
/// The GUP sequences that break the reference model of private memory, era by era. The model
/// counts a write through a R/W handle as a write by the process that took it (a device doing DMA
/// into its buffer): the process must read it back. Where the page table and the handle part
/// ways (a "lost pin"), the model breaks; the property tests therefore leave writes through
/// handles out, and these tests state where they break.
/// </summary>
public class GupModelTests
{
    /// <summary>
    /// R/W long-term pin, fork with the child alive, parent writes, device writes. &lt;=5.8 shares
    /// the pinned page at fork and the parent's write copies it away from the pin; 5.9+ copies for
    /// the child at fork (the page may be pinned) and the parent keeps the pinned page.
    /// </summary>
    [Theory]
    [InlineData("5.7", false)]
    [InlineData("5.8", false)]
    [InlineData("5.10", true)]
    [InlineData("5.18", true)]
    [InlineData("6.1", true)]
    [InlineData("6.14", true)]
    [InlineData("latest", true)]
    public void RwPinThenFork(string version, bool holds)
    {
        var (sim, a, buf, pin) = Pinned(version, HandleKind.Pin);
        var b = sim.Fork(a, "B");
        sim.Write(a, buf, 2);
        sim.Machine.HandleWrite(pin, 0, 3);
        Assert.Equal(holds, sim.Read(a, buf) == 3);
        Assert.Equal(1UL, holds ? sim.Read(b, buf) : 1UL);
    }

    /// <summary>
    /// R/W long-term pin, then mprotect R/O and back (the PTE is write-protected), parent writes,
    /// device writes. 5.9-5.18 decide by refcount, see the pin's references, and copy: the lost
    /// pin. &lt;=5.8 decides by mapcount and reuses; 5.19+ sees PG_anon_exclusive and reuses (from
    /// 6.0 mprotect even maps the exclusive page writable again).
    /// </summary>
    [Theory]
    [InlineData("5.7", true)]
    [InlineData("5.8", true)]
    [InlineData("5.10", false)]
    [InlineData("5.18", false)]
    [InlineData("5.19", true)]
    [InlineData("6.1", true)]
    [InlineData("latest", true)]
    public void RwPinThenWriteProtect(string version, bool holds)
    {
        var (sim, a, buf, pin) = Pinned(version, HandleKind.Pin);
        Assert.Equal(Errno.Ok, sim.Machine.Mprotect(a, buf, 4096, true, false));
        Assert.Equal(Errno.Ok, sim.Machine.Mprotect(a, buf, 4096, true, true));
        sim.Write(a, buf, 2);
        sim.Machine.HandleWrite(pin, 0, 3);
        Assert.Equal(holds, sim.Read(a, buf) == 3);
    }

    /// <summary>
    /// FOLL_GET with write access (get_user_pages, not pin_user_pages), fork, parent writes,
    /// device writes: no era protects FOLL_GET references at fork, so the parent's write copies
    /// and the device's write lands in the page the child still maps. The model breaks in every
    /// era: FOLL_GET is not for DMA, which is why FOLL_PIN exists.
    /// </summary>
    [Theory]
    [InlineData("5.7")]
    [InlineData("5.10")]
    [InlineData("5.18")]
    [InlineData("6.1")]
    [InlineData("latest")]
    public void RwGetThenFork(string version)
    {
        var (sim, a, buf, get) = Pinned(version, HandleKind.Get);
        var b = sim.Fork(a, "B");
        sim.Write(a, buf, 2);
        sim.Machine.HandleWrite(get, 0, 3);
        Assert.Equal(2UL, sim.Read(a, buf));
        Assert.Equal(3UL, sim.Read(b, buf));
    }

    /// <summary>
    /// Without writes through handles, pins and pipes never change what the processes read: the
    /// property tests check this over random scripts; here the sequence of the first test, minus
    /// the device's write, holds in every era.
    /// </summary>
    [Theory]
    [InlineData("5.7")]
    [InlineData("5.8")]
    [InlineData("5.10")]
    [InlineData("latest")]
    public void WithoutHandleWritesTheModelHolds(string version)
    {
        var (sim, a, buf, _) = Pinned(version, HandleKind.Pin);
        var b = sim.Fork(a, "B");
        sim.Write(a, buf, 2);
        Assert.Equal(2UL, sim.Read(a, buf));
        Assert.Equal(1UL, sim.Read(b, buf));
    }

    private static (Sim Sim, MmDsl.Engine.Mm.Process A, long Buf, GupHandle Handle) Pinned(string version, HandleKind kind)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Write(a, buf, 1);
        var handle = sim.Machine.GetUserPages(a, buf, 4096, kind, write: true, longTerm: kind == HandleKind.Pin);
        Assert.True(handle.Ok);
        sim.Check();
        return (sim, a, buf, handle.Value);
    }
}
