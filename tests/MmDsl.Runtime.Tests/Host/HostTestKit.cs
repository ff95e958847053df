using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>Small helpers shared by the host tests.</summary>
internal static class HostTestKit
{
    public const ulong K4 = 4096;
    public const ulong M2 = 2 << 20;

    public static readonly HostQueries Queries = new(HostCapabilities.Current);

    public static T Ok<T>(HostResult<T> result) => result.Unwrap();

    /// <summary>The pfn mapped at a simulated address (0 if none).</summary>
    public static ulong Pfn(HostAgent agent, ulong address) => Pagemap.ReadOne(agent.Pid, agent.RealAddress(address)).Pfn;

    public static KPageFlag Flags(HostAgent agent, ulong address) => KPageFlags.Read(Pfn(agent, address));

    public static ulong MapCount(HostAgent agent, ulong address) => KPageCount.Read(Pfn(agent, address));

    public static bool PmdMapped(HostAgent agent, ulong address) =>
        Queries.PmdMapped(agent, address) is HostObservation<bool>.Observed { Value: var v }
            ? v
            : throw new InvalidOperationException("pmd_mapped is not observable here");

    /// <summary>A 2M THP-eligible mapping at ADDRESS with its first page written.</summary>
    public static void MapThp(HostAgent agent, ulong address, ulong value = 1)
    {
        Ok(agent.Mmap(address, M2, HostProtection.ReadWrite));
        Ok(agent.Madvise(address, M2, HostAdvice.HugePage));
        Ok(agent.Write(address, value));
    }

    /// <summary>True while a process with this pid runs the agent binary (zombies count as gone).</summary>
    public static bool AgentAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int open = stat.IndexOf('(');
            int close = stat.LastIndexOf(')');
            string comm = stat[(open + 1)..close];
            char state = stat[close + 2];
            return comm == AgentLocator.FileName && state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Empties every CPU's LRU-add batch (lru_add_drain_all, where compacting memory begins): a page
    /// faulted in moments ago is also held by its CPU's batch, which an idle CPU may keep for minutes.
    /// </summary>
    public static void DrainLruBatches() => File.WriteAllText("/proc/sys/vm/compact_memory", "1");

    /// <summary>Waits up to 5 s for CONDITION.</summary>
    public static bool Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(10);
        }
        return true;
    }

    /// <summary>Every process running the agent binary whose pid is in PIDS, or that descends from the test host.</summary>
    public static IReadOnlyList<int> AgentsOf(IEnumerable<int> pids) => [.. pids.Where(AgentAlive)];
}
