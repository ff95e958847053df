using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Engine;

public class CounterTests
{
    [Theory]
    [InlineData("anon_fault_alloc_64K", 4, MthpStat.AnonFaultAlloc)]
    [InlineData("split_deferred_16K", 2, MthpStat.SplitDeferred)]
    [InlineData("swpout_fallback_1M", 8, MthpStat.SwpoutFallback)]
    [InlineData("split_2M", 9, MthpStat.Split)]
    public void Per_size_names_read_as_order_and_statistic(string name, int order, object statistic)
    {
        var stat = (MthpStat)statistic;
        Assert.True(MthpStatNames.TryParse(name, out var o, out var s));
        Assert.Equal((order, stat), (o, s));
        Assert.Equal(name, MthpStatNames.Name(stat, order));
    }

    [Theory]
    [InlineData("anon_fault_alloc_8K")]
    [InlineData("anon_fault_alloc_4M")]
    [InlineData("split")]
    [InlineData("nr_anon_64K")]
    public void Names_without_a_stats_file_are_not_counters(string name) =>
        Assert.False(MthpStatNames.TryParse(name, out _, out _));

    [Fact]
    public void A_statistic_is_refused_before_the_release_that_added_it()
    {
        Assert.True(new Machine(new KernelVersion(6, 11)).TryGetCounter("split_64K", out _, out _));
        Assert.False(new Machine(new KernelVersion(6, 10)).TryGetCounter("split_64K", out _, out var problem));
        Assert.Contains("hugepages-64kB/stats/split exists from Linux 6.11", problem);
        Assert.True(new Machine(new KernelVersion(6, 10)).TryGetCounter("anon_fault_alloc_64K", out _, out _));
        Assert.False(new Machine(new KernelVersion(6, 9)).TryGetCounter("anon_fault_alloc_64K", out _, out _));
    }

    [Fact]
    public void A_pmd_fault_counts_in_vmstat_and_in_the_2M_statistics_a_64K_fault_only_in_its_own()
    {
        var machine = new Machine(KernelVersion.Latest);
        machine.Settings.Thp = ThpMode.Always;
        var a = machine.CreateProcess("A").Value;
        var buf = machine.Mmap(a, null, 2 << 20, new MmapOptions()).Value;
        machine.Write(a, buf, 1);

        Assert.True(machine.TryGetCounter("thp_fault_alloc", out var pmd, out _));
        Assert.True(machine.TryGetCounter("anon_fault_alloc_2M", out var perSize, out _));
        Assert.Equal((1L, 1L), (pmd, perSize));

        machine.Settings.ThpPerOrder[4] = ThpMode.Always;
        var small = machine.Mmap(a, null, 1 << 20, new MmapOptions()).Value;
        machine.Write(a, small, 2);

        Assert.True(machine.TryGetCounter("anon_fault_alloc_64K", out var mthp, out _));
        Assert.True(machine.TryGetCounter("thp_fault_alloc", out pmd, out _));
        Assert.Equal((1L, 1L), (mthp, pmd));
    }
}
