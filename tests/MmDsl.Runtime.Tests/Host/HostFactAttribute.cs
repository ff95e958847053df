using MmDsl.Runtime.Host;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>
/// A fact that runs only on a machine that offers what it needs: Linux, root and the agent always,
/// plus NEEDS. Otherwise it is skipped and the runner prints why.
/// </summary>
public sealed class HostFactAttribute : FactAttribute
{
    public const HostRequirement Always = HostRequirement.Linux | HostRequirement.Root | HostRequirement.Agent;

    public HostFactAttribute(HostRequirement needs = HostRequirement.None)
    {
        string? unmet = HostCapabilities.Current.Unmet(Always | needs);
        if (unmet is not null)
            Skip = unmet;
    }
}

/// <summary>Host tests share one kernel, its sysfs knobs and its vmstat counters: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "host";
}
