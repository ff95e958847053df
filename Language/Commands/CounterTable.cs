using System.Collections.Immutable;

namespace MmDsl.Language.Commands;

/// <summary>
/// The names <c>stat(NAME)</c> takes, so that a misspelt counter is a syntax error with a
/// suggestion, like a misspelt function. The engine counts them (Engine/VmStat.cs,
/// Engine/MthpStat.cs); a test holds the two lists together.
/// </summary>
internal static class CounterTable
{
    /// <summary>/proc/vmstat's events where the kernel has one, and the simulator's own.</summary>
    public static ImmutableArray<string> Events { get; } =
    [
        "pgfault", "pgreuse", "cow_copy", "zero_map", "unshare", "thp_fault_alloc", "thp_fault_fallback",
        "thp_split_pmd", "thp_split_page", "thp_split_page_failed", "thp_deferred_split_page",
        "thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_swpout", "thp_swpout_fallback",
        "pswpin", "pswpout", "pgmigrate_success", "pgmigrate_fail", "pgfree", "fork_copy",
    ];

    /// <summary>/sys/kernel/mm/ksm's counters, named <c>ksm_FILE</c>.</summary>
    public static ImmutableArray<string> Ksm { get; } = ["ksm_pages_shared", "ksm_pages_sharing"];

    /// <summary>The files of hugepages-SIZE/stats, named <c>STAT_SIZE</c> (<c>anon_fault_alloc_64K</c>).</summary>
    public static ImmutableArray<string> PerSize { get; } =
        ["anon_fault_alloc", "anon_fault_fallback", "swpout", "swpout_fallback", "split", "split_failed", "split_deferred"];

    /// <summary>The sizes with a stats directory: 16K to 2M.</summary>
    public static ImmutableArray<string> Sizes { get; } = ["16K", "32K", "64K", "128K", "256K", "512K", "1M", "2M"];

    /// <summary>Every name: the events, KSM's counters, then each size's statistics.</summary>
    public static IEnumerable<string> All =>
        Events.Concat(Ksm).Concat(Sizes.SelectMany(size => PerSize.Select(stat => $"{stat}_{size}")));

    public static bool IsCounter(string name)
    {
        if (Events.Contains(name) || Ksm.Contains(name))
        {
            return true;
        }
        var underscore = name.LastIndexOf('_');
        return underscore > 0 && PerSize.Contains(name[..underscore]) && Sizes.Contains(name[(underscore + 1)..]);
    }
}
