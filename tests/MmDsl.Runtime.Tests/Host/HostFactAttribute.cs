using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>
/// A fact that runs only on a machine that offers what it needs: Linux, root and the agent always,
/// plus NEEDS. Otherwise it is skipped and the runner prints why.
/// </summary>
internal sealed class HostFactAttribute : FactAttribute
{
    public const HostRequirement Always = HostRequirement.Linux | HostRequirement.Root | HostRequirement.Agent;

    public HostFactAttribute(HostRequirement needs = HostRequirement.None)
    {
        string? unmet = HostCapabilities.Current.Unmet(Always | needs);
        if (unmet is not null)
            Skip = unmet;
    }
}

/// <summary>
/// Host tests share one kernel, its sysfs knobs and its vmstat counters: they run one at a time,
/// and hold the machine's host lock, so that no host run of another test assembly overlaps them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection : ICollectionFixture<HostMachineLockFixture>
{
    public const string Name = "host";
}

/// <summary>Holds <see cref="HostMachineLock"/> while the host collection runs.</summary>
public sealed class HostMachineLockFixture : IDisposable
{
    private readonly IDisposable held = HostMachineLock.Acquire(TimeSpan.FromMinutes(15));

    public void Dispose() => held.Dispose();
}
