using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Scripts;

namespace MmDsl.Runtime.Tests.Host;

public sealed class HostScriptNeedsTests
{
    private static readonly HostCapabilities NoSwap = new()
    {
        Linux = Capability.Yes, Root = Capability.Yes, Agent = Capability.Yes, PageFrames = Capability.Yes,
        PagemapScan = Capability.Yes, Thp = Capability.Yes, Collapse = Capability.Yes, IoUringPin = Capability.Yes,
        Swap = Capability.No("no swap device is active"), ZeroPage = Capability.Yes, Khugepaged = Capability.Yes,
    };

    [Fact]
    public void Declarations_come_from_comment_lines_anywhere_in_the_script()
    {
        var needs = HostScriptNeeds.Parse("""
            # args: --kernel all
            # host: needs swap, zero-page
            proc A
            # host: disagrees the engine counts this differently
            """);

        Assert.Equal(HostRequirement.Swap | HostRequirement.ZeroPage, needs.Needs);
        Assert.Null(needs.Skip);
        Assert.Equal("the engine counts this differently", needs.Disagrees);
        Assert.Equal("needs swap: no swap device is active", needs.Unmet(NoSwap));
    }

    [Fact]
    public void A_script_that_declares_nothing_runs_wherever_the_agent_does()
    {
        var needs = HostScriptNeeds.Parse("proc A\nmmap buf 4K # host: needs swap is not a declaration here\n");

        Assert.Equal(HostRequirement.None, needs.Needs);
        Assert.Null(needs.Unmet(NoSwap));
    }

    [Fact]
    public void A_skip_says_why()
    {
        Assert.Equal("a benchmark", HostScriptNeeds.Parse("# host: skip a benchmark\n").Unmet(NoSwap));
    }

    [Fact]
    public void An_unknown_need_is_an_error()
    {
        var error = Assert.Throws<FormatException>(() => HostScriptNeeds.Parse("# host: needs swapp\n"));

        Assert.Contains("zero-page", error.Message, StringComparison.Ordinal);
    }
}
