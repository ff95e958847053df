namespace MmDsl.Runtime.Engine;

/// <summary>
/// Event counters. Names are /proc/vmstat's where the kernel has the counter; cow_copy, zero_map
/// and unshare are the simulator's own.
/// </summary>
public enum VmEvent
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

public static class VmEventNames
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
public sealed class VmStat
{
    private long[] _counts = new long[VmEventNames.All.Count];

    public long this[VmEvent e] => _counts[(int)e];

    internal void Count(VmEvent e, long n = 1) => _counts[(int)e] += n;

    public VmStat Clone() => new() { _counts = (long[])_counts.Clone() };
}
