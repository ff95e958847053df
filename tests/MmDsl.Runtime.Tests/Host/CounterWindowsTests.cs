using MmDsl.Language.Parsing;
using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Scripts;

namespace MmDsl.Runtime.Tests.Host;

public sealed class CounterWindowsTests
{
    [Theory]
    [InlineData("proc A\nprint stat(pgfault)\n", false, false)]
    [InlineData("proc A\nprint stat(thp_fault_alloc)\n", true, false)]
    [InlineData("proc A\nshow stats\n", true, false)]
    [InlineData("proc A\nexpect stat(split_deferred_64K) == 1\n", true, true)]
    [InlineData("for i in 0..2 {\n  print stat(anon_fault_alloc_2M)\n}\n", true, true)]
    public void A_script_opens_windows_and_reads_per_size_files_only_when_it_asks(string text, bool windows, bool perSize)
    {
        var commands = ScriptParser.Parse("t.mm", text).Script.Commands;

        Assert.Equal(windows, CounterWindows.Needed(commands, null));
        Assert.Equal(perSize, CounterWindows.NeedsPerSize(commands, null));
    }

    [HostFact(HostRequirement.Thp)]
    public void Only_a_per_size_snapshot_reads_the_per_size_files()
    {
        Assert.Null(ProcVmStat.Snapshot()["split_64K"]);
        Assert.NotNull(ProcVmStat.Snapshot(perSize: true)["split_64K"]);
        Assert.NotNull(ProcVmStat.Snapshot()["thp_split_page"]);
    }
}
