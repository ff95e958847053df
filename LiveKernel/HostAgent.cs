using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace MmDsl.LiveKernel;

/// <summary>
/// One agent process: a real Linux process whose address space the script's commands act on.
/// Addresses are simulated addresses (offsets from <see cref="Base"/>). Not thread-safe, except
/// <see cref="Kill"/> and <see cref="Dispose"/>, which may be called from any thread at any time.
/// </summary>
internal sealed partial class HostAgent : IDisposable
{
    private readonly HubLease lease;
    private readonly ulong id;
    private readonly AgentRegistry? registry;
    private readonly HostAgentOptions options;
    private int disposed;
    private volatile bool exited;
    private int spreadCpus;

    private HostAgent(HubLease lease, ulong id, int pid, AgentRegistry? registry, HostAgentOptions options, HostAgent? parent, ulong @base)
    {
        this.lease = lease;
        this.id = id;
        Pid = pid;
        this.registry = registry;
        this.options = options;
        Parent = parent;
        Base = @base;
        registry?.Add(this);
        LiveAgents.Add(this);
    }

    /// <summary>The agent's pid in the target (on a virtual machine, the guest's pid).</summary>
    public int Pid { get; }

    /// <summary>The agent's id on its hub.</summary>
    internal ulong Id => id;

    internal HubConnection Hub => lease.Hub;

    /// <summary>The real address of simulated address 0.</summary>
    public ulong Base { get; }

    /// <summary>The agent this one was forked from, or null for a started one.</summary>
    public HostAgent? Parent { get; }

    public bool HasExited
    {
        get
        {
            if (exited || Volatile.Read(ref disposed) != 0 || Hub.Closed is not null)
                return true;
            try
            {
                return Hub.Hub($"alive {id}").Text != "1";
            }
            catch (HostAgentException)
            {
                return true;
            }
        }
    }

    /// <summary>The hub process that runs and reaps this agent's tree (0 when it runs elsewhere).</summary>
    internal int SupervisorPid => Hub.LocalProcessId ?? 0;

    /// <summary>Starts a new agent with an empty script address space.</summary>
    public static HostAgent Start(HostAgentOptions? options = null) => Start(options ?? HostAgentOptions.Default, null);

    internal static HostAgent Start(HostAgentOptions options, AgentRegistry? registry)
    {
        var target = options.Target ?? HubTargets.Current;
        var lease = target.OpenAgentHub(options);
        try
        {
            var before = registry is null ? null : ProcVmStat.Snapshot();
            string command = "spawn 0x" + options.Base.ToString("x", CultureInfo.InvariantCulture);
            if (options.PinCpu)
                command += " " + (options.Cpu ?? (target.SpreadCpus > 0 ? registry?.NextCpu(target.SpreadCpus) ?? 0
                    : target.IsLocal ? LowestAllowedCpu() : 0)).ToString(CultureInfo.InvariantCulture);
            var reply = lease.Hub.Call(0, command, options.Timeout);
            if (!reply.Ok)
                throw new HostAgentException($"{lease.Hub.Description}: the agent refused to start: {reply.Error}");
            if (before is not null)
                registry!.AddOverhead(ProcVmStat.Snapshot().Since(before));
            var agent = new HostAgent(lease, AgentReply.Number(reply.Words[0]), int.Parse(reply.Field("pid"), CultureInfo.InvariantCulture),
                registry, options, null, AgentReply.Number(reply.Field("base"))) { spreadCpus = options.PinCpu && options.Cpu is null ? target.SpreadCpus : 0 };
            // A CPU of its own starts with an empty LRU-add batch, as a new process's does in the simulator
            // (an earlier agent on that CPU may have left pages there).
            if (agent.spreadCpus > 0 && agent.Drain().ErrorOrNull is { } error)
            {
                throw new HostAgentException($"{lease.Hub.Description}: the agent could not drain its CPU's LRU-add batch: {error}");
            }
            return agent;
        }
        catch
        {
            lease.Release();
            throw;
        }
    }

    /// <summary>fork(2) in the agent: the child is a new agent sharing its pages as fork left them.</summary>
    public HostResult<HostAgent> Fork()
    {
        var before = registry is null ? null : ProcVmStat.Snapshot();
        // Spread over a virtual machine's CPUs: the child starts on a CPU of its own.
        var reply = Call(spreadCpus > 0 && registry is not null
            ? "fork " + registry.NextCpu(spreadCpus).ToString(CultureInfo.InvariantCulture) : "fork");
        if (before is not null)
            registry!.AddOverhead(ProcVmStat.Snapshot().Since(before));
        if (!reply.Ok)
            return HostResult<HostAgent>.Fail(reply.Error!);
        // The hub attached the child (its pipes through /proc/CHILD/fd) and answered "ok CHILDID greeting".
        lease.AddUser();
        return HostResult<HostAgent>.Success(new HostAgent(lease, AgentReply.Number(reply.Words[0]),
            int.Parse(reply.Field("pid"), CultureInfo.InvariantCulture), registry, options, this, Base) { spreadCpus = spreadCpus });
    }

    /// <summary>exit(2): on success the process is gone (the hub waits for it) and its address space torn down.</summary>
    /// <summary>lru_add_drain() on the CPU the agent runs on (MADV_COLD on a page of its own).</summary>
    public HostResult<Done> Drain()
    {
        var reply = Call("drain");
        return reply.Ok ? HostResult<Done>.Success(default) : HostResult<Done>.Fail(reply.Error!);
    }

    public HostResult<Done> Exit()
    {
        var reply = Call("exit");
        if (!reply.Ok)
            return HostResult<Done>.Fail(reply.Error!);
        exited = true;
        return HostResult<Done>.Success(default);
    }

    /// <summary>SIGKILL, at once, and waits until the process is gone; a command in flight on another thread fails with <see cref="HostAgentException"/>.</summary>
    public void Kill()
    {
        if (Hub.Closed is not null)
            return;
        try
        {
            Hub.Call(0, $"kill {id}", TimeSpan.FromSeconds(15));
        }
        catch (HostAgentException)
        {
            // the hub is gone, and its agents with it
        }
    }

    /// <summary>Sends one raw protocol line and returns the raw answer line (for debugging and tests).</summary>
    public string SendRaw(string line)
    {
        var reply = Call(line);
        return reply.Ok ? (reply.Text.Length == 0 ? "ok" : "ok " + reply.Text) : $"err {reply.Error}";
    }

    internal AgentReply Call(string command)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (exited)
            throw new HostAgentException($"agent {Pid} has exited");
        var reply = Hub.Call(id, command, options.Timeout, Kill);
        // The hub answers EPIPE "agent N ... died" for the requests of an agent that died.
        if (!reply.Ok && reply.Error!.Name == "EPIPE" && reply.Error.Message.StartsWith("agent ", StringComparison.Ordinal))
            throw new HostAgentException($"agent {Pid} exited while running '{command}' ({reply.Error.Message})");
        return reply;
    }

    /// <summary>Kills the process (unless it has exited) and waits until it is gone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        if (!exited)
            Kill();
        registry?.Remove(this);
        LiveAgents.Remove(this);
        lease.Release();
    }

    public override string ToString() => $"agent {Pid}";

    private static int LowestAllowedCpu()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        using var self = Process.GetCurrentProcess();
        ulong mask = (ulong)self.ProcessorAffinity;
        return mask == 0 ? 0 : BitOperations.TrailingZeroCount(mask);
    }
}
