using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>MMDSL_HIDE: the suite's skips for a machine without a capability can be tried on one that has it.</summary>
public sealed class HideCapabilityTests
{
    private static readonly HostCapabilities Everything = new()
    {
        Linux = Capability.Yes, Root = Capability.Yes, Agent = Capability.Yes, PageFrames = Capability.Yes,
        PagemapScan = Capability.Yes, Thp = Capability.Yes, Collapse = Capability.Yes, IoUringPin = Capability.Yes,
        Swap = Capability.Yes, ZeroPage = Capability.Yes, Khugepaged = Capability.Yes,
    };

    [Fact]
    public void Named_capabilities_become_missing_with_the_reason_and_the_rest_stay()
    {
        var hidden = HostCapabilities.Hide(Everything, "zero-page, swap");
        Assert.False(hidden.ZeroPage.Available);
        Assert.False(hidden.Swap.Available);
        Assert.Equal("hidden by MMDSL_HIDE=zero-page, swap", hidden.ZeroPage.Reason);
        Assert.True(hidden.Thp.Available);
        Assert.True(hidden.Root.Available);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_named_hides_nothing(string? list)
    {
        Assert.Same(Everything, HostCapabilities.Hide(Everything, list));
    }

    [Fact]
    public void An_unknown_word_is_refused_with_the_valid_ones()
    {
        var e = Assert.Throws<HostUnavailableException>(() => HostCapabilities.Hide(Everything, "zeropage"));
        Assert.Contains("'zeropage' is not a capability", e.Message, StringComparison.Ordinal);
    }
}
