using MmDsl.LiveKernel;

namespace MmDsl.Scripts.Tests.Host;

/// <summary>
/// Tests that run scripts on the live kernel: one at a time, holding the machine's host lock, so
/// that no host test of another assembly moves the counters a diff compares.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection : ICollectionFixture<HostMachineLockFixture>
{
    public const string Name = "host scripts";
}

/// <summary>Holds <see cref="HostMachineLock"/> while the collection runs.</summary>
public sealed class HostMachineLockFixture : IDisposable
{
    private readonly IDisposable held = HostMachineLock.Acquire(TimeSpan.FromMinutes(15));

    public void Dispose() => held.Dispose();
}

/// <summary>What every host test needs, or why this machine cannot run them (null when it can).</summary>
internal static class HostBasics
{
    public const HostRequirement Needs = HostRequirement.Linux | HostRequirement.Root | HostRequirement.Agent | HostRequirement.PageFrames;

    public static string? Unmet => HostCapabilities.Current.Unmet(Needs);
}

/// <summary>A fact that runs only where a host run can pin, park khugepaged and read page frames; otherwise skipped with the reason.</summary>
public sealed class HostRunFactAttribute : FactAttribute
{
    public HostRunFactAttribute()
    {
        Skip = HostBasics.Unmet ?? HostCapabilities.Current.Unmet(HostRequirement.Khugepaged | HostRequirement.IoUringPin);
    }
}
