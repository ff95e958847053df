using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class KhugepagedParkerTests
{
    private static readonly ThpSettings Settings = new();

    [HostFact(HostRequirement.Khugepaged)]
    public void Parking_raises_both_sleeps_and_dispose_restores_them_exactly()
    {
        var (scan, alloc) = Current();

        using (var parker = new KhugepagedParker())
        {
            Assert.True(parker.Parked, parker.Reason);
            Assert.Equal((KhugepagedParker.ParkedMilliseconds, KhugepagedParker.ParkedMilliseconds), Current());
        }

        Assert.Equal((scan, alloc), Current());
    }

    [HostFact(HostRequirement.Khugepaged)]
    public void An_exception_inside_a_parked_run_still_restores_the_settings()
    {
        var before = Current();

        Action failingRun = () =>
        {
            using var parker = new KhugepagedParker();
            Assert.True(parker.Parked);
            throw new InvalidOperationException("the script failed");
        };

        Assert.Throws<InvalidOperationException>(failingRun);

        Assert.Equal(before, Current());
    }

    [HostFact(HostRequirement.Khugepaged)]
    public void Nested_parkers_restore_only_when_the_last_one_ends()
    {
        var before = Current();
        var outer = new KhugepagedParker();
        var inner = new KhugepagedParker();

        outer.Dispose();
        Assert.Equal(KhugepagedParker.ParkedMilliseconds, Current().Scan);
        inner.Dispose();

        Assert.Equal(before, Current());
    }

    private static (string? Scan, string? Alloc) Current() =>
        (Settings.Read("khugepaged.scan_sleep_millisecs"), Settings.Read("khugepaged.alloc_sleep_millisecs"));
}
