using MmDsl.Engine.Events;

namespace MmDsl.Engine;

/// <summary>
/// Event counters. Names are /proc/vmstat's where the kernel has the counter; cow_copy, zero_map
/// and unshare are the simulator's own.
/// </summary>
internal enum VmEvent
{
    PgFault,
    PgReuse,
    CowCopy,
    ZeroMap,
    Unshare,
    ThpFaultAlloc,
    ThpFaultFallback,
    ThpSplitPmd,
    ThpSplitPage,
    ThpSplitPageFailed,
    ThpDeferredSplitPage,
    ThpCollapseAlloc,
    ThpCollapseAllocFailed,
    ThpSwpout,
    ThpSwpoutFallback,
    PswpIn,
    PswpOut,
    PgMigrateSuccess,
    PgMigrateFail,
    PgFree,
    ForkCopy,
}

internal static class VmEventNames
{
    private static readonly string[] Names =
    [
        "pgfault", "pgreuse", "cow_copy", "zero_map", "unshare", "thp_fault_alloc", "thp_fault_fallback",
        "thp_split_pmd", "thp_split_page", "thp_split_page_failed", "thp_deferred_split_page",
        "thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_swpout", "thp_swpout_fallback",
        "pswpin", "pswpout", "pgmigrate_success", "pgmigrate_fail", "pgfree", "fork_copy",
    ];

    public static string Name(this VmEvent e) => Names[(int)e];

    public static IReadOnlyList<string> All => Names;

    public static bool TryParse(string name, out VmEvent e)
    {
        var i = Array.IndexOf(Names, name);
        e = (VmEvent)Math.Max(i, 0);
        return i >= 0;
    }
}

/// <summary>The counters of one machine.</summary>
internal sealed class VmStat
{
    private long[] _counts = new long[VmEventNames.All.Count];
    private long[] _mthp = new long[(MthpStatNames.MaxOrder + 1) * MthpStatNames.Count];
    private long[] _faults = new long[Enum.GetValues<FaultHandler>().Length];

    /// <summary>The fault handlers run, by handler: a write to a PMD-mapped THP that falls back runs two.</summary>
    public long Faults(FaultHandler handler) => _faults[(int)handler];

    internal void Count(FaultHandler handler) => _faults[(int)handler]++;

    public long this[VmEvent e] => _counts[(int)e];

    /// <summary>hugepages-SIZE/stats/STAT of one order.</summary>
    public long this[int order, MthpStat stat] => _mthp[(order * MthpStatNames.Count) + (int)stat];

    internal void Count(VmEvent e, long n = 1) => _counts[(int)e] += n;

    /// <summary>count_mthp_stat: orders without a stats directory (0, 1) count nothing.</summary>
    internal void Count(int order, MthpStat stat)
    {
        if (order >= MthpStatNames.MinOrder && order <= MthpStatNames.MaxOrder)
        {
            _mthp[(order * MthpStatNames.Count) + (int)stat]++;
        }
    }

    /// <summary>A counter by the language's name: a /proc/vmstat event or one size's mTHP statistic.</summary>
    public bool TryGet(string name, out long value)
    {
        if (VmEventNames.TryParse(name, out var e))
        {
            value = this[e];
            return true;
        }
        if (MthpStatNames.TryParse(name, out var order, out var stat))
        {
            value = this[order, stat];
            return true;
        }
        value = 0;
        return false;
    }

    public VmStat Clone() => new() { _counts = (long[])_counts.Clone(), _mthp = (long[])_mthp.Clone(), _faults = (long[])_faults.Clone() };
}
