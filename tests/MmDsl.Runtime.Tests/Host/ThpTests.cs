using MmDsl.LiveKernel;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class ThpTests
{
    [HostFact(HostRequirement.PageFrames | HostRequirement.Thp | HostRequirement.PagemapScan)]
    public void A_write_to_a_hugepage_range_maps_a_whole_THP_with_a_PMD()
    {
        using var agent = HostAgent.Start();

        MapThp(agent, 0, 42);

        var entry = Pagemap.ReadOne(agent.Pid, agent.RealAddress(0));
        Assert.True(entry.Present);
        Assert.NotEqual(0UL, entry.Pfn);
        Assert.True(entry.MappedExclusively);
        var flags = Flags(agent, 0);
        Assert.True(flags.HasFlag(KPageFlag.Anon | KPageFlag.Thp | KPageFlag.CompoundHead), flags.ToString());
        Assert.True(Flags(agent, 0x1000).HasFlag(KPageFlag.Thp | KPageFlag.CompoundTail));
        Assert.Equal(entry.Pfn + 511, Pfn(agent, M2 - K4));
        Assert.True(PmdMapped(agent, 0x1000));
        Assert.Equal(9, Queries.Order(agent, 0x1000).ValueOr(-1));
        Assert.Equal(M2, Assert.Single(Queries.ScriptVmas(agent).ValueOr([])).AnonHugePages);
        Assert.Equal(42UL, Ok(agent.Read(0)));
    }

    [HostFact(HostRequirement.PageFrames | HostRequirement.PagemapScan)]
    public void Small_pages_are_neither_THP_nor_PMD_mapped()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, M2, HostProtection.ReadWrite));
        Ok(agent.Madvise(0, M2, HostAdvice.NoHugePage));

        Ok(agent.Write(0x3000, 7));

        Assert.False(PmdMapped(agent, 0x3000));
        Assert.False(Flags(agent, 0x3000).HasFlag(KPageFlag.Thp));
        Assert.Equal(0, Queries.Order(agent, 0x3000).ValueOr(-1));
        Assert.False(Queries.Present(agent, 0x4000).ValueOr(true));
        Assert.Equal(0UL, Queries.MapCount(agent, 0x4000).ValueOr(99));
    }

    [HostFact(HostRequirement.PageFrames | HostRequirement.Thp | HostRequirement.PagemapScan)]
    public void Mprotect_of_one_page_splits_the_PMD_but_keeps_the_THP()
    {
        using var agent = HostAgent.Start();
        MapThp(agent, 0);
        ulong pfn = Pfn(agent, 0x20000);
        var before = ProcVmStat.Snapshot();

        Ok(agent.Mprotect(0x10000, K4, HostProtection.Read));

        Assert.True(ProcVmStat.Snapshot().Since(before)["thp_split_pmd"] >= 1);
        Assert.False(PmdMapped(agent, 0x20000));
        Assert.Equal(pfn, Pfn(agent, 0x20000));
        Assert.True(Flags(agent, 0x20000).HasFlag(KPageFlag.Thp));
        Assert.Equal("SIGSEGV", agent.Write(0x10000, 1).ErrorOrNull?.Name);
    }
}
