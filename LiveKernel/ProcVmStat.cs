using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>A snapshot of /proc/vmstat. Counters are machine-wide: other processes add to them too.</summary>
internal sealed class ProcVmStat
{
    public const string Path = "/proc/vmstat";

    /// <summary>The counters MmDsl's <c>stat(NAME)</c> shares with the kernel.</summary>
    public static readonly IReadOnlyList<string> MmDslCounters =
    [
        "pgfault", "pgmajfault", "pgreuse", "thp_fault_alloc", "thp_fault_fallback", "thp_split_pmd",
        "thp_split_page", "thp_split_page_failed", "thp_deferred_split_page", "thp_collapse_alloc",
        "thp_collapse_alloc_failed", "thp_zero_page_alloc", "pswpin", "pswpout", "thp_swpout",
        "thp_swpout_fallback",
    ];

    private readonly Dictionary<string, long> counters;

    private ProcVmStat(Dictionary<string, long> counters) => this.counters = counters;

    public IReadOnlyDictionary<string, long> Counters => counters;

    /// <summary>
    /// /proc/vmstat and, with <paramref name="perSize"/>, the per-size THP statistics of
    /// /sys/kernel/mm/transparent_hugepage as the language names them (<c>anon_fault_alloc_64K</c>
    /// is hugepages-64kB/stats/anon_fault_alloc): 56 more files, twenty times the cost.
    /// </summary>
    public static ProcVmStat Snapshot(bool perSize = false)
    {
        var files = KernelFiles.Current;
        var snapshot = Parse(KernelFiles.Lines(files.VmStat()));
        if (!perSize)
            return snapshot;
        var stats = files.ThpStats();
        foreach (var (name, order, stat) in MmDsl.Engine.MthpStatNames.All())
        {
            if (stats.TryGetValue($"hugepages-{4 << order}kB/stats/{MmDsl.Engine.MthpStatNames.Name(stat)}", out long value))
                snapshot.counters[name] = value;
        }
        return snapshot;
    }

    public static ProcVmStat Parse(IEnumerable<string> lines)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int space = line.IndexOf(' ');
            if (space > 0 && long.TryParse(line.AsSpan(space + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                counters[line[..space]] = value;
        }
        return new ProcVmStat(counters);
    }

    /// <summary>The counter, or null if this kernel has no such counter.</summary>
    public long? this[string name] => counters.TryGetValue(name, out long v) ? v : null;

    /// <summary>How every counter changed since EARLIER (only the ones that did).</summary>
    public ProcVmStatDelta Since(ProcVmStat earlier)
    {
        var changes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in counters)
        {
            long before = earlier.counters.GetValueOrDefault(name);
            if (value != before)
                changes[name] = value - before;
        }
        return new ProcVmStatDelta(changes, counters.Keys.ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>Changes of /proc/vmstat counters between two snapshots.</summary>
internal sealed class ProcVmStatDelta(IReadOnlyDictionary<string, long> changes, IReadOnlySet<string> known)
{
    public IReadOnlyDictionary<string, long> Changes => changes;

    /// <summary>The change, 0 if none, null if the kernel has no such counter.</summary>
    public long? this[string name] => changes.TryGetValue(name, out long d) ? d : known.Contains(name) ? 0 : null;

    public override string ToString() => string.Join(" ", changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}{c.Value:+0;-0}"));
}
