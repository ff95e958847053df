using MmDsl.LiveKernel;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class VmspliceTests
{
    [HostFact]
    public void A_pipe_can_be_read_again_and_again()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, 4 * K4, HostProtection.ReadWrite));
        Ok(agent.Write(0x1008, 0xabc));

        var pipe = Ok(agent.Vmsplice(0x1000, 2 * K4));

        Assert.Equal(2 * K4, pipe.Bytes);
        Assert.Equal(0xabcUL, Ok(pipe.Read(8)));
        Assert.Equal(0xabcUL, Ok(pipe.Read(8)));
        Assert.Equal(0UL, Ok(pipe.Read(K4)));
        Assert.Equal("EINVAL", pipe.Read(2 * K4).ErrorOrNull?.Name);
        Ok(pipe.Close());
        Assert.Equal("ENOENT", pipe.Read(8).ErrorOrNull?.Name);
    }

    [HostFact(HostRequirement.PageFrames)]
    public void After_fork_the_pipe_keeps_the_old_page_when_the_parent_writes()
    {
        // CVE-2020-29374's shape: the child vmsplices a shared page and unmaps it; 6.18 copies on the
        // parent's write because the pipe's reference raises the refcount, so the child keeps the old data.
        using var parent = HostAgent.Start();
        Ok(parent.Mmap(0, 4 * K4, HostProtection.ReadWrite));
        Ok(parent.Write(0, 0x11));
        ulong shared = Pfn(parent, 0);
        using var child = parent.Fork().Unwrap();
        var pipe = Ok(child.Vmsplice(0, K4));
        Ok(child.Munmap(0, 4 * K4));
        Assert.Equal(1UL, MapCount(parent, 0));

        Ok(parent.Write(0, 0x22));

        Assert.NotEqual(shared, Pfn(parent, 0));
        Assert.Equal(0x11UL, Ok(pipe.Read(0)));
        Assert.Equal(0x22UL, Ok(parent.Read(0)));
    }

    [HostFact(HostRequirement.PageFrames)]
    public void Without_fork_the_pipe_sees_later_writes_because_it_holds_the_page_itself()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
        Ok(agent.Write(0, 0x11));
        ulong pfn = Pfn(agent, 0);
        var pipe = Ok(agent.Vmsplice(0, K4));

        Ok(agent.Write(0, 0x22));

        Assert.Equal(pfn, Pfn(agent, 0));
        Assert.Equal(0x22UL, Ok(pipe.Read(0)));
    }
}
