using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Engine;

/// <summary>KSM's decisions: merging, the write fault on a KSM page per era, pins, fork, unmerge.</summary>
public class KsmTests
{
    /// <summary>Two processes with one identical page each, merged by ksmd.</summary>
    private static (Sim Sim, Process A, Process B, long Buf) Merged(string version)
    {
        var sim = new Sim(version);
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        Assert.Equal(Errno.Ok, sim.Machine.Madvise(a, buf, 4096, MadviseAdvice.Mergeable));
        sim.Write(a, buf, 7);
        var b = sim.Proc("B");
        Assert.Equal(buf, sim.Mmap(b, 4096));
        Assert.Equal(Errno.Ok, sim.Machine.Madvise(b, buf, 4096, MadviseAdvice.Mergeable));
        sim.Write(b, buf, 7);
        var result = sim.Machine.KsmRun(2);
        sim.Check();
        Assert.Equal(2, result.Merged);
        return (sim, a, b, buf);
    }

    [Fact]
    public void Identical_pages_merge_into_one_write_protected_ksm_folio()
    {
        var (sim, a, b, buf) = Merged("6.18");
        var pfn = sim.Pfn(a, buf);
        Assert.Equal(pfn, sim.Pfn(b, buf));
        Assert.True(sim.Machine.IsKsm(pfn));
        Assert.Equal(2, sim.Machine.Memory.RefCount(pfn));
        Assert.Equal(2, sim.Machine.PageMapCount(pfn));
        Assert.False(sim.Machine.IsAnonExclusive(pfn));
        Assert.False(sim.Machine.Lookup(a, buf).Writable);
        Assert.Equal((1, 1), (sim.Machine.Ksm.PagesShared, sim.Machine.Ksm.PagesSharing));
    }

    [Fact]
    public void One_scan_merges_nothing_the_checksum_must_hold_for_a_pass_first()
    {
        var sim = new Sim("6.18");
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 8192);
        sim.Machine.Madvise(a, buf, 8192, MadviseAdvice.Mergeable);
        sim.Write(a, buf, 3);
        sim.Write(a, buf + 4096, 3);
        Assert.Equal(0, sim.Machine.KsmRun(1).Merged);
        Assert.Equal(2, sim.Machine.KsmRun(1).Merged);
    }

    [Theory]
    [InlineData("5.0", false)]
    [InlineData("5.4", true)]
    [InlineData("5.8", true)]
    [InlineData("5.10", false)]
    [InlineData("6.1", false)]
    [InlineData("6.18", false)]
    public void A_write_by_the_sole_mapper_of_a_ksm_page_reuses_it_only_in_5_1_to_5_8(string version, bool reused)
    {
        var (sim, a, b, buf) = Merged(version);
        var shared = sim.Pfn(a, buf);
        sim.Write(a, buf, 8);
        Assert.NotEqual(shared, sim.Pfn(a, buf));
        sim.Machine.LruAddDrainAll(string.Empty);
        sim.Write(b, buf, 9);
        Assert.Equal(reused, sim.Pfn(b, buf) == shared);
        Assert.False(sim.Machine.IsKsm(sim.Pfn(b, buf)));
        Assert.Equal(9UL, sim.Read(b, buf));
    }

    [Fact]
    public void The_facts_of_the_ksm_write_fault_are_exact_to_the_version()
    {
        Assert.True(EraFacts.Holds(Fact.KsmWpCopies, new KernelVersion(5, 0)));
        Assert.False(EraFacts.Holds(Fact.KsmWpCopies, new KernelVersion(5, 8)));
        Assert.True(EraFacts.Holds(Fact.KsmWpReusesSoleMapping, new KernelVersion(5, 1)));
        Assert.True(EraFacts.Holds(Fact.KsmWpCopies, new KernelVersion(5, 9)));
        Assert.False(EraFacts.Holds(Fact.KsmBreakUnshares, new KernelVersion(6, 1)));
        Assert.True(EraFacts.Holds(Fact.KsmBreakUnshares, new KernelVersion(6, 2)));
    }

    [Fact]
    public void A_pinned_page_is_not_merged()
    {
        var sim = new Sim("6.18");
        var a = sim.Proc("A");
        var buf = sim.Mmap(a, 4096);
        sim.Machine.Madvise(a, buf, 4096, MadviseAdvice.Mergeable);
        sim.Write(a, buf, 7);
        Assert.True(sim.Machine.GetUserPages(a, buf, 4096, HandleKind.Pin, write: true, longTerm: true).Ok);
        var b = sim.Proc("B");
        sim.Mmap(b, 4096);
        sim.Machine.Madvise(b, buf, 4096, MadviseAdvice.Mergeable);
        sim.Write(b, buf, 7);
        var result = sim.Machine.KsmRun(2);
        sim.Check();
        Assert.Equal(0, result.PagesShared);
        Assert.False(sim.Machine.IsKsm(sim.Pfn(a, buf)));
        Assert.False(sim.Machine.IsKsm(sim.Pfn(b, buf)));
    }

    [Fact]
    public void A_read_only_pin_unshares_a_ksm_page_from_5_19()
    {
        var (sim, a, _, buf) = Merged("6.18");
        var ksm = sim.Pfn(a, buf);
        Assert.True(sim.Machine.GetUserPages(a, buf, 4096, HandleKind.Pin, write: false, longTerm: false).Ok);
        sim.Check();
        Assert.NotEqual(ksm, sim.Pfn(a, buf));
        Assert.True(sim.Machine.IsKsm(ksm));
    }

    [Fact]
    public void Fork_shares_a_ksm_page_and_the_next_scan_counts_the_child()
    {
        var (sim, a, _, buf) = Merged("6.18");
        var ksm = sim.Pfn(a, buf);
        var c = sim.Fork(a, "C");
        Assert.Equal(ksm, sim.Pfn(c, buf));
        Assert.Equal(3, sim.Machine.PageMapCount(ksm));
        Assert.Equal(1, sim.Machine.Ksm.PagesSharing);
        sim.Machine.KsmRun(2);
        sim.Check();
        Assert.Equal(2, sim.Machine.Ksm.PagesSharing);
    }

    [Theory]
    [InlineData("6.1", true)]
    [InlineData("6.18", false)]
    public void Unmergeable_breaks_the_ksm_page_into_a_private_copy(string version, bool writable)
    {
        var (sim, a, b, buf) = Merged(version);
        var ksm = sim.Pfn(a, buf);
        Assert.Equal(Errno.Ok, sim.Machine.Madvise(a, buf, 4096, MadviseAdvice.Unmergeable));
        sim.Check();
        Assert.NotEqual(ksm, sim.Pfn(a, buf));
        Assert.False(sim.Machine.IsKsm(sim.Pfn(a, buf)));
        Assert.Equal(writable, sim.Machine.Lookup(a, buf).Writable);
        Assert.Equal(ksm, sim.Pfn(b, buf));
        Assert.Equal(7UL, sim.Read(a, buf));
    }

    [Fact]
    public void Reclaim_of_a_ksm_page_unmaps_every_mapper_through_its_stable_node()
    {
        var (sim, a, b, buf) = Merged("6.18");
        sim.Machine.Reclaim();
        sim.Check();
        Assert.True(sim.Machine.Lookup(a, buf).Swapped);
        Assert.True(sim.Machine.Lookup(b, buf).Swapped);
        Assert.Equal(7UL, sim.Read(a, buf));
        Assert.Equal(7UL, sim.Read(b, buf));
    }
}
