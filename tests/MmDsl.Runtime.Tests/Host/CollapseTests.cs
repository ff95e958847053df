using MmDsl.LiveKernel;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class CollapseTests
{
    [HostFact(HostRequirement.Collapse | HostRequirement.PageFrames | HostRequirement.PagemapScan)]
    public void MADV_COLLAPSE_turns_PTE_mapped_pages_into_one_PMD_mapped_THP_with_the_same_content()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, M2, HostProtection.ReadWrite));
        for (ulong page = 0; page < 512; page += 3)
            Ok(agent.Write(page * K4 + 8, page + 100));
        Assert.False(PmdMapped(agent, 0));
        Assert.False(Flags(agent, 0).HasFlag(KPageFlag.Thp));
        var before = ProcVmStat.Snapshot();

        Ok(agent.Madvise(0, M2, HostAdvice.Collapse));

        Assert.True(ProcVmStat.Snapshot().Since(before)["thp_collapse_alloc"] >= 1);
        Assert.True(PmdMapped(agent, 0));
        Assert.True(Flags(agent, 0).HasFlag(KPageFlag.Thp | KPageFlag.CompoundHead));
        Assert.Equal(Pfn(agent, 0) + 511, Pfn(agent, M2 - K4));
        for (ulong page = 0; page < 512; page += 3)
            Assert.Equal(page + 100, Ok(agent.Read(page * K4 + 8)));
        Assert.Equal(0UL, Ok(agent.Read(K4 + 8)));
    }

    [HostFact(HostRequirement.Collapse)]
    public void MADV_COLLAPSE_refuses_a_range_marked_nohugepage()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, M2, HostProtection.ReadWrite));
        Ok(agent.Madvise(0, M2, HostAdvice.NoHugePage));
        Ok(agent.Write(0, 1));

        Assert.Equal("EINVAL", agent.Madvise(0, M2, HostAdvice.Collapse).ErrorOrNull?.Name);
    }
}
