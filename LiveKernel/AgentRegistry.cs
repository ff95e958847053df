namespace MmDsl.LiveKernel;

/// <summary>Every live agent of one session, forks included, so that the session can end them all.</summary>
internal sealed class AgentRegistry
{
    private readonly Lock gate = new();
    private readonly List<HostAgent> agents = [];
    private int collapses;
    private int cpus;

    /// <summary>The CPU for the next agent started or forked in this session, round robin over COUNT.</summary>
    public int NextCpu(int count) => (Interlocked.Increment(ref cpus) - 1) % count;

    /// <summary>Successful MADV_COLLAPSE calls: collapses the script asked for.</summary>
    public int CollapseRequests => Volatile.Read(ref collapses);

    public void CountCollapse() => Interlocked.Increment(ref collapses);

    /// <summary>Counters the agents' own start and forks moved, to leave out of <c>stat</c>.</summary>
    public IReadOnlyDictionary<string, long> Overhead()
    {
        lock (gate)
            return new Dictionary<string, long>(overhead, StringComparer.Ordinal);
    }

    public void AddOverhead(ProcVmStatDelta delta)
    {
        lock (gate)
            foreach (string name in OverheadCounters)
                overhead[name] = overhead.GetValueOrDefault(name) + (delta[name] ?? 0);
    }

    /// <summary>Counters that starting and forking agents move (COW on their own pages); THP and swap counters they cannot.</summary>
    public static readonly IReadOnlyList<string> OverheadCounters = ["pgfault", "pgreuse"];

    private readonly Dictionary<string, long> overhead = new(StringComparer.Ordinal);

    public void Add(HostAgent agent)
    {
        lock (gate)
            agents.Add(agent);
    }

    public void Remove(HostAgent agent)
    {
        lock (gate)
            agents.Remove(agent);
    }

    public HostAgent[] Snapshot()
    {
        lock (gate)
            return [.. agents];
    }
}
