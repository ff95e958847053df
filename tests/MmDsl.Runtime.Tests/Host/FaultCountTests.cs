using MmDsl.LiveKernel;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class FaultCountTests
{
    private static readonly FaultCounts One = new(1, 0);
    private static readonly FaultCounts None = new(0, 0);

    [HostFact]
    public void Each_write_to_a_fresh_page_counts_exactly_one_minor_fault()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, 64 * K4, HostProtection.ReadWrite));
        Ok(agent.Madvise(0, 64 * K4, HostAdvice.NoHugePage));

        for (ulong page = 0; page < 32; page++)
        {
            var before = agent.Faults();
            Ok(agent.Write(page * K4, page));
            Assert.Equal(One, agent.Faults() - before);
        }
    }

    [HostFact]
    public void Commands_that_touch_no_new_page_count_no_fault()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
        Ok(agent.Write(0, 1));
        var before = agent.Faults();

        Assert.Equal(None, agent.Faults() - before);
        Ok(agent.Write(0, 2));
        Ok(agent.Read(0));
        Assert.Equal("SIGSEGV", agent.Read(0x10_0000).ErrorOrNull?.Name);
        Assert.StartsWith("err", agent.SendRaw("no-such-command"));
        var pipe = Ok(agent.Vmsplice(0, K4));
        Ok(pipe.Read(0));
        Ok(pipe.Close());
        Assert.Equal(None, agent.Faults() - before);
    }

    [HostFact]
    public void A_forked_child_starts_with_warm_agent_memory_and_counts_one_fault_per_COW()
    {
        using var parent = HostAgent.Start();
        Ok(parent.Mmap(0, 8 * K4, HostProtection.ReadWrite));
        Ok(parent.Madvise(0, 8 * K4, HostAdvice.NoHugePage));
        for (ulong page = 0; page < 8; page++)
            Ok(parent.Write(page * K4, page));
        using var child = parent.Fork().Unwrap();
        var childBefore = child.Faults();
        var parentBefore = parent.Faults();

        Ok(child.Read(K4));
        Assert.Equal(None, child.Faults() - childBefore);
        Ok(child.Write(K4, 9));
        Assert.Equal(One, child.Faults() - childBefore);
        Ok(parent.Write(2 * K4, 9));
        Assert.Equal(One, parent.Faults() - parentBefore);
    }
}
