using MmDsl.Engine.Eras;
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

    private static KernelVersion V(string text) => KernelVersion.TryParse(text, out var v) ? v : throw new ArgumentException(text);

    private static MarkTarget Vm(string version) => new(true, V(version));

    private static MarkTarget Here(string version) => new(false, V(version));

    private const string Marked = """
        # host: needs swap
        # vm: skip the guest's memory is too small
        # vm 5.10, 6.1: disagrees zram frees the slot
        # host <=5.17: needs zero-page
        proc A
        """;

    [Fact]
    public void Vm_marks_hold_only_in_a_virtual_machine()
    {
        Assert.Null(HostScriptNeeds.Parse(Marked, Here("6.18.44")).Skip);
        Assert.Equal("the guest's memory is too small", HostScriptNeeds.Parse(Marked, Vm("6.12.117")).Skip);
    }

    [Fact]
    public void Marks_that_name_versions_hold_for_those_versions_only()
    {
        // 5.10 names every 5.10.x; 6.1 is not 6.12.
        Assert.Equal("zram frees the slot", HostScriptNeeds.Parse(Marked, Vm("5.10.223")).Disagrees);
        Assert.Equal("zram frees the slot", HostScriptNeeds.Parse(Marked, Vm("6.1.176")).Disagrees);
        Assert.Null(HostScriptNeeds.Parse(Marked, Vm("6.12.117")).Disagrees);
        Assert.Equal(HostRequirement.Swap | HostRequirement.ZeroPage, HostScriptNeeds.Parse(Marked, Here("5.10.223")).Needs);
        Assert.Equal(HostRequirement.Swap, HostScriptNeeds.Parse(Marked, Here("6.18.44")).Needs);
        Assert.Equal(HostRequirement.Swap, HostScriptNeeds.Parse(Marked, new MarkTarget(true, null)).Needs);
    }

    [Fact]
    public void A_mark_naming_no_version_is_an_error()
    {
        var error = Assert.Throws<FormatException>(() => HostScriptNeeds.Parse("# vm 5.x: skip why\n", Vm("5.10.223")));

        Assert.Contains("'5.x' is not a version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_that_only_begin_like_a_mark_are_comments()
    {
        var needs = HostScriptNeeds.Parse("# vmsplice: skip nothing\n# hosts: skip nothing\n", Vm("5.10.223"));

        Assert.Null(needs.Skip);
    }
}
