using System.Runtime.InteropServices;

namespace MmDsl.LiveKernel;

/// <summary>
/// What this machine lets the host backend do, each with a readable reason when it cannot. Probed once
/// per process (<see cref="Current"/>) with one short-lived agent.
/// </summary>
internal sealed record HostCapabilities
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IHubTarget, Lazy<HostCapabilities>> Probed = new();

    /// <summary>The capabilities of the current target (<see cref="HubTargets.Current"/>), probed once per target.</summary>
    public static HostCapabilities Current
    {
        get
        {
            var target = HubTargets.Current;
            return Probed.GetValue(target, t => new Lazy<HostCapabilities>(() =>
                Hide(Probe(HostAgentOptions.Default with { Target = t }), Environment.GetEnvironmentVariable(HideVariable)))).Value;
        }
    }

    /// <summary>
    /// <c>MMDSL_HIDE=zero-page,swap,...</c>: capabilities to treat as missing, so that the suite's
    /// skips for a machine without them can be tried on one that has them. The words are those of
    /// a script's <c># host: needs</c> line.
    /// </summary>
    public const string HideVariable = "MMDSL_HIDE";

    /// <summary>CAPABILITIES with each requirement named in LIST (comma-separated) made unavailable.</summary>
    public static HostCapabilities Hide(HostCapabilities capabilities, string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
            return capabilities;
        var hidden = capabilities;
        foreach (var word in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var requirement = Scripts.HostScriptNeeds.RequirementOf(word)
                ?? throw new HostUnavailableException($"{HideVariable}: '{word}' is not a capability (root, page-frames, pagemap-scan, thp, collapse, io_uring, swap, zero-page, khugepaged)");
            var no = Capability.No($"hidden by {HideVariable}={list}");
            hidden = requirement switch
            {
                HostRequirement.Root => hidden with { Root = no },
                HostRequirement.PageFrames => hidden with { PageFrames = no },
                HostRequirement.PagemapScan => hidden with { PagemapScan = no },
                HostRequirement.Thp => hidden with { Thp = no },
                HostRequirement.Collapse => hidden with { Collapse = no },
                HostRequirement.IoUringPin => hidden with { IoUringPin = no },
                HostRequirement.Swap => hidden with { Swap = no },
                HostRequirement.ZeroPage => hidden with { ZeroPage = no },
                _ => hidden with { Khugepaged = no },
            };
        }
        return hidden;
    }

    public required Capability Linux { get; init; }
    public required Capability Root { get; init; }
    public required Capability Agent { get; init; }
    public required Capability PageFrames { get; init; }
    public required Capability PagemapScan { get; init; }
    public required Capability Thp { get; init; }
    public required Capability Collapse { get; init; }
    public required Capability IoUringPin { get; init; }
    public required Capability Swap { get; init; }
    public required Capability ZeroPage { get; init; }

    /// <summary>
    /// /proc/kpageflags' KPF_KSM tells KSM pages apart. Some kernels (Debian's 6.12.117, measured)
    /// set it on every anonymous page: stable_page_flags tests <c>mapping &amp; PAGE_MAPPING_KSM</c>,
    /// which PAGE_MAPPING_ANON alone satisfies. Probed on a page just written.
    /// </summary>
    public Capability KsmFlag { get; init; } = Capability.Yes;

    /// <summary>The target swaps to zram now (read from its /proc/swaps when asked: swap comes and goes with runs).</summary>
    public static Capability Zram => ActiveSwap.Device() is var device && device == "zram"
        ? Capability.Yes
        : Capability.No(device is null ? "the target has no swap" : $"the target swaps to a {device}, not zram");
    public required Capability Khugepaged { get; init; }

    public Capability Of(HostRequirement requirement) => requirement switch
    {
        HostRequirement.Linux => Linux,
        HostRequirement.Root => Root,
        HostRequirement.Agent => Agent,
        HostRequirement.PageFrames => PageFrames,
        HostRequirement.PagemapScan => PagemapScan,
        HostRequirement.Thp => Thp,
        HostRequirement.Collapse => Collapse,
        HostRequirement.IoUringPin => IoUringPin,
        HostRequirement.Swap => Swap,
        HostRequirement.ZeroPage => ZeroPage,
        HostRequirement.Khugepaged => Khugepaged,
        HostRequirement.Zram => Zram,
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), "one requirement at a time"),
    };

    /// <summary>Every requirement with its name, in the order they are checked.</summary>
    public static IReadOnlyList<(HostRequirement Requirement, string Name)> Requirements { get; } =
    [
        (HostRequirement.Linux, "Linux"), (HostRequirement.Root, "root"), (HostRequirement.Agent, "agent"),
        (HostRequirement.PageFrames, "page frames"), (HostRequirement.PagemapScan, "PAGEMAP_SCAN"),
        (HostRequirement.Thp, "THP"), (HostRequirement.Collapse, "MADV_COLLAPSE"),
        (HostRequirement.IoUringPin, "io_uring pin"), (HostRequirement.Swap, "swap"),
        (HostRequirement.ZeroPage, "zero page"), (HostRequirement.Khugepaged, "khugepaged"), (HostRequirement.Zram, "zram"),
    ];

    /// <summary>Null when every requirement is met, else why not (the first unmet one).</summary>
    public string? Unmet(HostRequirement needs)
    {
        foreach (var (one, name) in Requirements)
            if ((needs & one) == one && !Of(one).Available)
                return $"needs {name}: {Of(one).Reason}";
        return null;
    }

    public override string ToString() =>
        string.Join(Environment.NewLine, Requirements.Select(r => $"{r.Name}: {Of(r.Requirement)}"));

    /// <summary>
    /// <see cref="Current"/>, with swap available when a run will activate a swap file of
    /// SWAPBYTES and this machine can (<see cref="TemporarySwap.WhyNot"/>).
    /// </summary>
    public static HostCapabilities WithSwapFile(long? swapBytes) =>
        swapBytes is null || Current.Swap.Available ? Current
        : HubTargets.Current.WhyNoSwap is { } why ? Current with { Swap = Capability.No($"no swap device is active, and no swap file can be: {why}") }
        : Current with { Swap = Capability.Yes };

    /// <summary>Probes this machine now.</summary>
    public static HostCapabilities Probe(HostAgentOptions options)
    {
        if (!OperatingSystem.IsLinux())
            return AllNo($"not Linux ({RuntimeInformation.OSDescription})");
        var target = options.Target ?? HubTargets.Current;
        var rootHere = LibC.geteuid() == 0 ? Capability.Yes : Capability.No("not root: pfns, /proc/kpage*, sysfs knobs and io_uring pins need root");
        if (target.IsLocal && AgentLocator.Find(options.AgentPath, out string reason) is null)
            return AllNo(reason) with { Linux = Capability.Yes, Root = rootHere };
        Capability root;
        try
        {
            root = KernelFiles.Current.Hello().Uid == 0 ? Capability.Yes : rootHere;
        }
        catch (Exception e) when (e is HostAgentException or HostUnavailableException)
        {
            return AllNo($"the agent does not run here: {e.Message}") with { Linux = Capability.Yes, Root = rootHere };
        }
        var settings = new ThpSettings();
        var thpSysfs = settings.Exists ? Capability.Yes : Capability.No($"this kernel has no {ThpSettings.SysfsRoot}");
        var khugepaged = !KernelFiles.Exists(settings.PathOf("khugepaged.scan_sleep_millisecs")) ? Capability.No("no khugepaged knobs in sysfs")
            : !root.Available ? Capability.No("writing khugepaged's knobs needs root") : Capability.Yes;
        var swap = KernelFiles.Lines(KernelFiles.ReadText("/proc/swaps")).Length > 1 ? Capability.Yes : Capability.No("no swap device is active (/proc/swaps is empty)");
        var baseline = new HostCapabilities
        {
            Linux = Capability.Yes, Root = root, Agent = Capability.Yes, PageFrames = root, PagemapScan = Capability.Yes,
            Thp = thpSysfs, Collapse = thpSysfs, IoUringPin = root, Swap = swap, ZeroPage = root, Khugepaged = khugepaged,
        };
        try
        {
            // The probe's faults, collapses and pins would show in another run's counters.
            using var quiet = (options.Target ?? HubTargets.Current).AcquireRunLock(TimeSpan.FromMinutes(10));
            using var agent = HostAgent.Start(options with { Timeout = TimeSpan.FromSeconds(10) });
            return HostProbes.Run(agent, baseline, settings);
        }
        catch (Exception e) when (e is HostAgentException or HostUnavailableException or IOException or TimeoutException)
        {
            var no = Capability.No($"the agent does not run here: {e.Message}");
            return baseline with { Agent = no, PagemapScan = no, Thp = no, Collapse = no, IoUringPin = no, ZeroPage = no };
        }
    }

    private static HostCapabilities AllNo(string reason)
    {
        var no = Capability.No(reason);
        return new HostCapabilities
        {
            Linux = no, Root = no, Agent = no, PageFrames = no, PagemapScan = no, Thp = no,
            Collapse = no, IoUringPin = no, Swap = no, ZeroPage = no, Khugepaged = no,
        };
    }
}
