namespace MmDsl.Engine;

/// <summary>Counters by the names the language and the C# API use.</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// stat(NAME): a /proc/vmstat event, or one size's hugepages-SIZE/stats file from the release
    /// that added it. False, with the reason in <paramref name="problem"/>, for an unknown name or a
    /// statistic this kernel does not have.
    /// </summary>
    public bool TryGetCounter(string name, out long value, out string? problem)
    {
        problem = null;
        if (MthpStatNames.TryParse(name, out var order, out var stat) && Era.Version < stat.AddedIn())
        {
            value = 0;
            problem = $"hugepages-{4 << order}kB/stats/{stat.Name()} exists from Linux {stat.AddedIn()}; this is {Era.Version}";
            return false;
        }
        if (Stats.TryGet(name, out value))
        {
            return true;
        }
        if (name is "ksm_pages_shared" or "ksm_pages_sharing")
        {
            value = name == "ksm_pages_shared" ? Ksm.PagesShared : Ksm.PagesSharing;
            return true;
        }
        problem = $"unknown counter '{name}' (counters: {string.Join(", ", VmEventNames.All)}; per THP size: anon_fault_alloc_64K, split_2M, ... as in hugepages-SIZE/stats; KSM: ksm_pages_shared, ksm_pages_sharing)";
        return false;
    }

    /// <summary>
    /// A split event in both places the kernel counts it: the folio's own size (count_mthp_stat)
    /// and /proc/vmstat, which counts PMD-sized folios only where the era says so.
    /// </summary>
    private void CountSplit(int order, MthpStat perSize, VmEvent vmstat)
    {
        Stats.Count(order, perSize);
        if (order == PmdOrder || !Era.ThpSplitStatsPmdOnly)
        {
            Stats.Count(vmstat);
        }
    }

    /// <summary>The per-size statistics this kernel has that are not zero, smallest size first.</summary>
    public IEnumerable<(string Name, long Value)> MthpCounters() =>
        MthpStatNames.All()
            .Where(c => Era.Version >= c.Stat.AddedIn() && Stats[c.Order, c.Stat] != 0)
            .Select(c => (c.Name, Stats[c.Order, c.Stat]));
}
