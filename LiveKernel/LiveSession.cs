using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>How a host run controls the machine.</summary>
internal sealed record LiveSessionOptions
{
    public HostAgentOptions Agent { get; init; } = HostAgentOptions.Default;

    /// <summary>Raise khugepaged's sleep for the run (restored at the end).</summary>
    public bool ParkKhugepaged { get; init; } = true;

    /// <summary>The script's <c>set</c> values by the language's names (<c>thp</c>, <c>thp.64K</c>, <c>khugepaged.max_ptes_none</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Write <see cref="Settings"/> to sysfs for the run (restored at the end); otherwise only compare.</summary>
    public bool ApplySettings { get; init; } = true;

    public ThpSettings Thp { get; init; } = new();

    public SysfsOverrides Overrides { get; init; } = SysfsOverrides.Default;

    /// <summary>
    /// On a machine with no active swap, a swap file of this many bytes for the run
    /// (<see cref="TemporarySwap"/>, taken down at the end); null for none.
    /// </summary>
    public long? SwapBytes { get; init; }

    /// <summary>How long to wait for another host run on this machine to end (see <see cref="HostMachineLock"/>).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// One host run: parks khugepaged, applies the script's THP settings, starts agents, and at the end
/// kills every agent it started or forked and restores every knob it changed. <see cref="Uncontrolled"/>
/// lists what the run could not control, for the report.
/// </summary>
internal sealed class LiveSession : IDisposable
{
    private readonly LiveSessionOptions options;
    private readonly AgentRegistry registry = new();
    private readonly List<IDisposable> settingChanges = [];
    private readonly List<string> notes = [];
    private readonly Dictionary<string, string> applied = new(StringComparer.Ordinal);
    private readonly IDisposable machineLock;
    private readonly KhugepagedParker? parker;
    private readonly IDisposable? swap;
    private readonly ProcVmStat startStat;
    private readonly string? startCollapsed;
    private ProcVmStat statStart;
    private IReadOnlyDictionary<string, long> statOverhead = new Dictionary<string, long>();

    public LiveSession(LiveSessionOptions? options = null, HostCapabilities? capabilities = null)
    {
        this.options = options ??= new LiveSessionOptions();
        var target = options.Agent.Target ?? HubTargets.Current;
        machineLock = target.AcquireRunLock(options.LockTimeout);
        try
        {
            Capabilities = capabilities ?? HostCapabilities.Current;
            if (options.SwapBytes is { } bytes && !Capabilities.Swap.Available)
            {
                swap = target.ActivateSwap(bytes);
                Capabilities = Capabilities with { Swap = Capability.Yes };
            }
            Queries = new HostQueries(Capabilities);
            if (options.ParkKhugepaged)
            {
                parker = new KhugepagedParker(options.Thp, options.Overrides);
                if (!parker.Parked)
                    notes.Add($"khugepaged was not parked: {parker.Reason}");
            }
            if (options.ApplySettings)
                ApplySettings();
            startStat = statStart = ProcVmStat.Snapshot(perSize: true);
            startCollapsed = options.Thp.Read("khugepaged.pages_collapsed");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public HostCapabilities Capabilities { get; }

    public HostQueries Queries { get; }

    /// <summary>The swap file this run activated, or null.</summary>
    public TemporarySwap? Swap => swap as TemporarySwap;

    /// <summary>Live agents of this run, forks included.</summary>
    public IReadOnlyList<HostAgent> Agents => registry.Snapshot();

    /// <summary>/proc/vmstat when the run started, for <c>stat(NAME)</c> deltas.</summary>
    public ProcVmStat StartStat => startStat;

    /// <summary>
    /// stat(NAME): the change of the /proc/vmstat counter since the run started (or since
    /// <see cref="RestartStats"/>), less what starting and forking agents moved (each re-warms about
    /// fifty pages of agent memory: pgfault and pgreuse). Still machine-wide: other processes' faults
    /// are in pgfault.
    /// </summary>
    public HostObservation<long> Stat(string name) =>
        Queries.Stat(name, statStart, ProcVmStat.Snapshot(perSize: true))
            .Select(v => v - registry.Overhead().GetValueOrDefault(name) + statOverhead.GetValueOrDefault(name));

    /// <summary>Counts <see cref="Stat"/> from now on (a script's <c>reset</c>).</summary>
    public void RestartStats()
    {
        statOverhead = registry.Overhead();
        statStart = ProcVmStat.Snapshot(perSize: true);
    }

    /// <summary>
    /// A script's <c>set</c> during the run (<c>thp</c>, <c>thp.64K</c>, <c>use_zero_page</c>,
    /// <c>khugepaged.max_ptes_none</c>): written to sysfs and restored at the end. Returns why not, or null.
    /// </summary>
    public string? Apply(string setting, string value)
    {
        applied[setting] = value;
        if (!options.ApplySettings)
            return null;
        try
        {
            if (options.Thp.Read(setting) is null)
                return $"this kernel has no {options.Thp.PathOf(setting)}";
            if (options.Thp.Read(setting) != value)
                settingChanges.Add(options.Overrides.Apply(options.Thp.PathOf(setting), value));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"cannot set {setting} = {value}: {e.Message}";
        }
    }

    /// <summary><c>proc A</c>: a new agent process.</summary>
    public HostAgent StartProcess() => HostAgent.Start(options.Agent, registry);

    private readonly List<int> memfds = [];

    /// <summary><c>memfd NAME SIZE</c>: a memfd the target's hub holds until <see cref="CloseMemfds"/>; its fd and the link agents map it by.</summary>
    public HostResult<HostMemfd> CreateMemfd(long size)
    {
        var result = KernelFiles.Current.Memfd($"memfd {size}").ToResult(r => new HostMemfd(
            int.Parse(r.Words[0], System.Globalization.CultureInfo.InvariantCulture), r.Words[1]));
        if (result is HostResult<HostMemfd>.Ok { Value: var memfd })
            memfds.Add(memfd.Fd);
        return result;
    }

    /// <summary>pwrite(2) of one word into the memfd, inside the target.</summary>
    public HostResult<Done> MemfdWrite(HostMemfd memfd, long offset, ulong value) =>
        KernelFiles.Current.Memfd($"fdwrite {memfd.Fd} {offset} 0x{value:x}").ToResult(_ => default(Done));

    /// <summary>pread(2) of one word from the memfd, inside the target; null at or past its end.</summary>
    public HostResult<ulong?> MemfdRead(HostMemfd memfd, long offset) =>
        KernelFiles.Current.Memfd($"fdread {memfd.Fd} {offset}").ToResult(r => r.Text == "eof" ? (ulong?)null : AgentReply.Number(r.Text));

    /// <summary>Closes every memfd of the run (<c>reset</c>, the end of the run); their pages go with their last mapping.</summary>
    public void CloseMemfds()
    {
        foreach (var fd in memfds)
        {
            try
            {
                KernelFiles.Current.Memfd($"fdclose {fd}");
            }
            catch (Exception e) when (e is HostAgentException or IOException or ObjectDisposedException)
            {
                // The hub is gone (a virtual machine that stopped): so are its files.
            }
        }
        memfds.Clear();
    }

    /// <summary>What the run could not control, as sentences; empty when the machine stayed quiet.</summary>
    public IReadOnlyList<string> Uncontrolled()
    {
        var found = new List<string>(notes);
        var settings = new Dictionary<string, string>(options.Settings, StringComparer.Ordinal);
        foreach (var (setting, value) in applied)
            settings[setting] = value;
        found.AddRange(options.Thp.Differences(settings));
        if (parker is { Parked: true } && options.Thp.Read("khugepaged.scan_sleep_millisecs") != KhugepagedParker.ParkedMilliseconds)
            found.Add("someone else changed khugepaged/scan_sleep_millisecs during the run");
        if (long.TryParse(startCollapsed, CultureInfo.InvariantCulture, out long before)
            && long.TryParse(options.Thp.Read("khugepaged.pages_collapsed"), CultureInfo.InvariantCulture, out long after) && after > before)
            found.Add($"khugepaged collapsed {after - before} page(s) during the run");
        long collapses = ProcVmStat.Snapshot().Since(startStat)["thp_collapse_alloc"] ?? 0;
        if (collapses > registry.CollapseRequests)
            found.Add($"/proc/vmstat shows {collapses} THP collapse(s), the script asked for {registry.CollapseRequests}");
        return found;
    }

    /// <summary>Kills every agent, then restores the settings and khugepaged (also after failures).</summary>
    public void Dispose()
    {
        foreach (var agent in registry.Snapshot())
            agent.Dispose();
        CloseMemfds();
        for (int i = settingChanges.Count - 1; i >= 0; i--)
            settingChanges[i].Dispose();
        settingChanges.Clear();
        parker?.Dispose();
        swap?.Dispose();
        machineLock.Dispose();
    }

    /// <summary>
    /// Writes VALUE to a /proc/sys or /sys file for the rest of the run (restored at its end), for what
    /// a command needs of the machine (a pipe large enough for a vmsplice). Returns why not, or null.
    /// </summary>
    public string? Raise(string path, string value)
    {
        try
        {
            settingChanges.Add(options.Overrides.Apply(path, value));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {value} to {path}: {e.Message}";
        }
    }

    private void ApplySettings()
    {
        foreach (var (setting, value) in options.Settings)
        {
            try
            {
                if (options.Thp.Read(setting) != value)
                    settingChanges.Add(options.Overrides.Apply(options.Thp.PathOf(setting), value));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                notes.Add($"cannot set {setting} = {value}: {e.Message}");
            }
        }
    }
}
