using MmDsl.LiveKernel;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class ForkCowTests
{
    [HostFact(HostRequirement.PageFrames)]
    public void Fork_shares_the_page_and_a_parent_write_copies_it()
    {
        using var parent = HostAgent.Start();
        Ok(parent.Mmap(0, 16 * K4, HostProtection.ReadWrite));
        Ok(parent.Write(0x1000, 0x11));
        ulong original = Pfn(parent, 0x1000);
        Assert.Equal(1UL, MapCount(parent, 0x1000));
        Assert.True(Queries.AnonExclusive(parent, 0x1000).ValueOr(false));

        using var child = parent.Fork().Unwrap();

        Assert.Equal(original, Pfn(child, 0x1000));
        Assert.Equal(original, Pfn(parent, 0x1000));
        Assert.Equal(2UL, MapCount(parent, 0x1000));
        Assert.False(Queries.MappedExclusive(parent, 0x1000).ValueOr(true));
        Assert.False(Queries.AnonExclusive(parent, 0x1000).ValueOr(true));

        Ok(parent.Write(0x1000, 0x22));

        Assert.NotEqual(Pfn(parent, 0x1000), Pfn(child, 0x1000));
        Assert.Equal(original, Pfn(child, 0x1000));
        Assert.Equal(0x11UL, Ok(child.Read(0x1000)));
        Assert.Equal(0x22UL, Ok(parent.Read(0x1000)));
        Assert.Equal(1UL, MapCount(child, 0x1000));
        Assert.True(Queries.AnonExclusive(parent, 0x1000).ValueOr(false));
    }

    [HostFact(HostRequirement.PageFrames | HostRequirement.Thp | HostRequirement.PagemapScan)]
    public void A_parent_write_to_a_shared_PMD_THP_splits_its_PMD_and_copies_one_page()
    {
        using var parent = HostAgent.Start();
        MapThp(parent, 0, 5);
        ulong head = Pfn(parent, 0);
        using var child = parent.Fork().Unwrap();
        Assert.Equal(2UL, MapCount(child, 0));
        Assert.True(PmdMapped(child, 0));
        var before = ProcVmStat.Snapshot();

        Ok(parent.Write(0x1000, 6));

        Assert.True(ProcVmStat.Snapshot().Since(before)["thp_split_pmd"] >= 1);
        Assert.False(PmdMapped(parent, 0x1000));
        Assert.True(PmdMapped(child, 0x1000));
        Assert.NotEqual(head + 1, Pfn(parent, 0x1000));
        Assert.False(Flags(parent, 0x1000).HasFlag(KPageFlag.Thp));
        Assert.Equal(head + 2, Pfn(parent, 0x2000));
        Assert.Equal(0UL, Ok(child.Read(0x1000)));
    }

    [HostFact(HostRequirement.PageFrames | HostRequirement.Thp | HostRequirement.PagemapScan)]
    public void After_the_child_exits_a_parent_write_reuses_the_whole_PMD_THP()
    {
        using var parent = HostAgent.Start();
        MapThp(parent, 0, 5);
        ulong head = Pfn(parent, 0);
        using (var child = parent.Fork().Unwrap())
            Ok(child.Exit());
        var faults = parent.Faults();

        Ok(parent.Write(0x1000, 6));

        Assert.Equal(new FaultCounts(1, 0), parent.Faults() - faults);
        Assert.True(PmdMapped(parent, 0x1000));
        Assert.Equal(head + 1, Pfn(parent, 0x1000));
        Assert.True(Queries.AnonExclusive(parent, 0).ValueOr(false));
    }
}
