using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Api;

/// <summary>The whole simulated machine, read live: whatever machine the session has now.</summary>
public sealed record MachineView
{
    private readonly MmApi _api;

    internal MachineView(MmApi api)
    {
        _api = api;
    }

    private Machine M => _api.Live;

    /// <summary>The kernel version whose rules the engine follows, e.g. <c>6.18</c>.</summary>
    public string Kernel => M.Era.Version.ToString();

    /// <summary>The era of that kernel: its name, range and what defines it.</summary>
    public EraView Era => EraView.Of(M.Era);

    /// <summary>The tunables (THP mode, memory and swap size, khugepaged limits), as now.</summary>
    public SettingsView Settings => SettingsView.Of(M.Settings);

    /// <summary>A counter by its /proc/vmstat name (<c>pgfault</c>, <c>pgreuse</c>, <c>cow_copy</c>, ...).</summary>
    public long Stat(string name)
    {
        if (!M.TryGetCounter(name, out var value, out var problem))
        {
            throw new ArgumentException(problem);
        }
        return value;
    }

    /// <summary>Every counter, by name, in the order <c>show stats</c> prints them.</summary>
    public IReadOnlyDictionary<string, long> Stats =>
        VmEventNames.All.Select(n => (Name: n, Value: Stat(n))).Concat(M.MthpCounters()).ToDictionary(c => c.Name, c => c.Value);

    /// <summary>Page frames of physical memory.</summary>
    public long TotalPages => M.Memory.TotalPages;

    /// <summary>Page frames free in the buddy allocator.</summary>
    public long FreePages => M.Memory.FreePages;

    /// <summary>The name of the current process, or null.</summary>
    public string? Current => _api.Session.Current;

    /// <summary>Run the invariant checker (as <c>check</c> does) and return the violations; empty when consistent.</summary>
    public IReadOnlyList<string> Check() => InvariantChecker.Check(M);

    public override string ToString() =>
        $"kernel {Kernel} (era {M.Era.Name}), {M.Processes.Count} processes, {M.Folios().Count()} folios, {FreePages} of {TotalPages} pages free";
}

/// <summary>A kernel era: the rules the engine follows (docs/eras.md).</summary>
public sealed record EraView(string Name, string Range, string Summary, bool HasAnonExclusive, bool HasLargeMapCount, bool HasMmIdTracking)
{
    internal static EraView Of(EraPolicy era) =>
        new(era.Name, era.Range, era.Summary, era.HasAnonExclusive, era.HasLargeMapCount, era.HasMmIdTracking);

    public override string ToString() => $"{Name} ({Range}): {Summary}";
}

/// <summary>/sys/kernel/mm/transparent_hugepage and friends, as <c>set</c> changes them (a snapshot).</summary>
public sealed record SettingsView(
    string Thp,
    bool UseZeroPage,
    long MemoryBytes,
    long SwapBytes,
    int MaxPtesNone,
    int MaxPtesSwap,
    int MaxPtesShared)
{
    /// <summary>The swap device is a file (<c>set swap.file on</c>).</summary>
    public bool SwapFile { get; init; }

    internal static SettingsView Of(MachineSettings s) => new(
        s.Thp.ToString().ToLowerInvariant(), s.UseZeroPage, s.MemoryBytes, s.SwapBytes, s.MaxPtesNone, s.MaxPtesSwap, s.MaxPtesShared)
    {
        SwapFile = s.SwapFile,
    };

    public override string ToString() =>
        $"thp {Thp}, use_zero_page {(UseZeroPage ? "on" : "off")}, memory {Output.Fmt.Size(MemoryBytes)}, swap {Output.Fmt.Size(SwapBytes)}, " +
        $"max_ptes_none {MaxPtesNone}, max_ptes_swap {MaxPtesSwap}, max_ptes_shared {MaxPtesShared}";
}
