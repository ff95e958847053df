namespace MmDsl.LiveKernel;

/// <summary>
/// Where the live backend runs: the hubs its agents live in, and the kernel files it observes.
/// Everything above this (agents, queries, sessions, diff) is the same for this machine and a
/// virtual one.
/// </summary>
internal interface IHubTarget
{
    /// <summary>A hub for one tree of agents (a started agent and its forks); released by the last of them.</summary>
    HubLease OpenAgentHub(HostAgentOptions options);

    /// <summary>The target kernel's files, answered inside the target.</summary>
    IKernelFiles Files { get; }

    /// <summary>Whether the target is this machine: only then do machine-wide things (the run lock, a swap file) apply here.</summary>
    bool IsLocal { get; }

    /// <summary>
    /// How many CPUs agents are spread over, one CPU each in the order they start or fork (round
    /// robin), as the simulator gives every process a CPU of its own: a virtual machine's CPUs,
    /// where nothing else runs. 0: every agent on one CPU (this machine, where other work runs too
    /// and would fill and drain the LRU-add batches of any other CPU at random).
    /// </summary>
    int SpreadCpus => 0;

    string Description { get; }

    /// <summary>Holds the target for one run at a time: this machine's run lock (<see cref="HostMachineLock"/>); nothing where one run owns the target (a virtual machine).</summary>
    IDisposable AcquireRunLock(TimeSpan timeout);

    /// <summary>Why the target cannot get swap for a run (<see cref="ActivateSwap"/>), or null when it can.</summary>
    string? WhyNoSwap { get; }

    /// <summary>Swap of BYTES for a run on a target with none active (a swap file here); disposing takes it down. Throws <see cref="IOException"/> with the reason.</summary>
    IDisposable ActivateSwap(long bytes);
}

/// <summary>
/// The target the live backend uses; this machine unless a virtual machine is plugged in. It flows
/// with the execution context: set on one thread (<see cref="Vm.VmTarget"/>), it holds there and in
/// the tasks started from it afterwards, and nowhere else, so a test that plugs in a virtual
/// machine leaves the others in the same process on this machine.
/// </summary>
internal static class HubTargets
{
    private static readonly AsyncLocal<IHubTarget?> current = new();

    public static IHubTarget Current
    {
        get => current.Value ?? LocalHubTarget.Instance;
        set => current.Value = value;
    }
}

/// <summary>One hub connection shared by several users; the last <see cref="Release"/> disposes it when owned.</summary>
internal sealed class HubLease
{
    private readonly Lock gate = new();
    private readonly bool owned;
    private int users = 1;

    public HubLease(HubConnection hub, bool owned)
    {
        Hub = hub;
        this.owned = owned;
    }

    public HubConnection Hub { get; }

    public void AddUser()
    {
        lock (gate)
            users++;
    }

    public void Release()
    {
        lock (gate)
        {
            if (--users > 0)
                return;
        }
        if (owned)
            Hub.Dispose();
    }
}

/// <summary>
/// This machine: every tree of agents gets its own local hub process (<c>mmdsl-agent --hub</c>),
/// which ends with it; kernel files go through one more local hub that lives as long as this process.
/// </summary>
internal sealed class LocalHubTarget : IHubTarget
{
    public static LocalHubTarget Instance { get; } = new();

    private readonly Lock gate = new();
    private HubConnection? files;
    private IKernelFiles? fileAccess;

    public bool IsLocal => true;

    public string Description => "this machine";

    public IDisposable AcquireRunLock(TimeSpan timeout) => HostMachineLock.Acquire(timeout);

    public string? WhyNoSwap => TemporarySwap.WhyNot;

    public IDisposable ActivateSwap(long bytes) => TemporarySwap.Activate(bytes);

    public HubLease OpenAgentHub(HostAgentOptions options)
    {
        if (!OperatingSystem.IsLinux())
            throw new HostUnavailableException("the host backend needs Linux");
        string path = AgentLocator.Find(options.AgentPath, out string reason) ?? throw new HostUnavailableException(reason);
        return new HubLease(new HubConnection(new LocalHubTransport(path), options.Timeout), owned: true);
    }

    public IKernelFiles Files
    {
        get
        {
            lock (gate)
                return fileAccess ??= new HubKernelFiles(FilesHub);
        }
    }

    private HubConnection FilesHub()
    {
        lock (gate)
        {
            if (files is { Closed: null })
                return files;
            files?.Dispose();
            if (!OperatingSystem.IsLinux())
                throw new HostUnavailableException("the host backend needs Linux");
            string path = AgentLocator.Find(null, out string reason) ?? throw new HostUnavailableException(reason);
            files = new HubConnection(new LocalHubTransport(path));
            return files;
        }
    }
}

/// <summary>
/// A target behind one hub connection (a virtual machine's serial line): every agent tree and every
/// file read shares it; <see cref="Dispose"/> ends it.
/// </summary>
internal sealed class SharedHubTarget(HubConnection hub, bool isLocal = false, int spreadCpus = 0) : IHubTarget, IDisposable
{
    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    public HubConnection Hub { get; } = hub;

    public IKernelFiles Files { get; } = new HubKernelFiles(() => hub);

    public bool IsLocal { get; } = isLocal;

    public int SpreadCpus { get; } = spreadCpus;

    public string Description => Hub.Description;

    public HubLease OpenAgentHub(HostAgentOptions options) => new(Hub, owned: false);

    /// <summary>One run owns the target: no lock.</summary>
    public IDisposable AcquireRunLock(TimeSpan timeout) => new Nothing();

    /// <summary>The target brings its own swap (a virtual machine's init sets up zram) or has none.</summary>
    public string? WhyNoSwap => "the target's swap is set up when it starts (zram in a virtual machine)";

    public IDisposable ActivateSwap(long bytes) => throw new IOException(WhyNoSwap);

    public void Dispose() => Hub.Dispose();
}
