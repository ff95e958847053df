namespace MmDsl.Runtime.Host;

/// <summary>Every live agent of one session, forks included, so that the session can end them all.</summary>
internal sealed class AgentRegistry
{
    private readonly Lock gate = new();
    private readonly List<HostAgent> agents = [];
    private int collapses;

    /// <summary>Successful MADV_COLLAPSE calls: collapses the script asked for.</summary>
    public int CollapseRequests => Volatile.Read(ref collapses);

    public void CountCollapse() => Interlocked.Increment(ref collapses);

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
