namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// The script's page faults, from each agent's own fault counts (getrusage): exact, unlike
/// /proc/vmstat's pgfault, which every process on the machine moves. An agent takes no fault of its
/// own while it runs a command, except when it warms its memory after a fork; those are left out.
/// </summary>
internal sealed class FaultLedger
{
    private readonly Dictionary<HostAgent, FaultCounts> baseline = [];
    private FaultCounts gone;

    /// <summary>A new agent: count from now.</summary>
    public void Started(HostAgent agent) => baseline[agent] = agent.Faults();

    /// <summary>Before a fork of PARENT: its count, to leave the fork's warm-up out.</summary>
    public FaultCounts BeforeFork(HostAgent parent) => parent.Faults();

    /// <summary>After a fork: the parent's warm-up is left out, the child counts from now.</summary>
    public void Forked(HostAgent parent, FaultCounts before, HostAgent child)
    {
        var warmUp = parent.Faults() - before;
        baseline[parent] = baseline.GetValueOrDefault(parent) + warmUp;
        baseline[child] = child.Faults();
    }

    /// <summary>Before AGENT exits: keep what it counted.</summary>
    public void Exiting(HostAgent agent)
    {
        if (baseline.Remove(agent, out var start))
            gone += agent.Faults() - start;
    }

    /// <summary>Faults of every agent of the run so far.</summary>
    public FaultCounts Total()
    {
        var total = gone;
        foreach (var (agent, start) in baseline)
            if (!agent.HasExited)
                total += agent.Faults() - start;
        return total;
    }

    /// <summary>A script's <c>reset</c>: nothing counted.</summary>
    public void Clear()
    {
        baseline.Clear();
        gone = default;
    }
}
