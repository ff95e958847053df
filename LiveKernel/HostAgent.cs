using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace MmDsl.LiveKernel;

/// <summary>
/// One agent process: a real Linux process whose address space the script's commands act on.
/// Addresses are simulated addresses (offsets from <see cref="Base"/>). Not thread-safe, except
/// <see cref="Kill"/> and <see cref="Dispose"/>, which may be called from any thread at any time.
/// </summary>
internal sealed partial class HostAgent : IDisposable
{
    private static readonly Encoding Ascii = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly AgentChannel channel;
    private readonly AgentProcess process;
    private readonly AgentSupervisor supervisor;
    private readonly AgentRegistry? registry;
    private readonly HostAgentOptions options;
    private int disposed;
    private bool exited;

    private HostAgent(AgentChannel channel, AgentProcess process, AgentSupervisor supervisor,
        AgentRegistry? registry, HostAgentOptions options, HostAgent? parent, ulong @base)
    {
        this.channel = channel;
        this.process = process;
        this.supervisor = supervisor;
        this.registry = registry;
        this.options = options;
        Parent = parent;
        Base = @base;
        registry?.Add(this);
        LiveAgents.Add(this);
    }

    public int Pid => process.Pid;

    /// <summary>The real address of simulated address 0.</summary>
    public ulong Base { get; }

    /// <summary>The agent this one was forked from, or null for a started one.</summary>
    public HostAgent? Parent { get; }

    public bool HasExited => exited || process.HasExited;

    /// <summary>The started process that reaps this agent's tree.</summary>
    internal int SupervisorPid => supervisor.Pid;

    /// <summary>Starts a new agent with an empty script address space.</summary>
    public static HostAgent Start(HostAgentOptions? options = null) => Start(options ?? HostAgentOptions.Default, null);

    internal static HostAgent Start(HostAgentOptions options, AgentRegistry? registry)
    {
        if (!OperatingSystem.IsLinux())
            throw new HostUnavailableException("the host backend needs Linux");
        string path = AgentLocator.Find(options.AgentPath, out string reason) ?? throw new HostUnavailableException(reason);
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = Ascii,
            StandardOutputEncoding = Ascii,
        };
        start.ArgumentList.Add("--base");
        start.ArgumentList.Add("0x" + options.Base.ToString("x", CultureInfo.InvariantCulture));
        if (options.PinCpu)
        {
            start.ArgumentList.Add("--cpu");
            start.ArgumentList.Add((options.Cpu ?? LowestAllowedCpu()).ToString(CultureInfo.InvariantCulture));
        }
        var before = registry is null ? null : ProcVmStat.Snapshot();
        var started = Process.Start(start) ?? throw new HostAgentException($"cannot start {path}");
        var supervisor = new AgentSupervisor(started);
        var channel = new AgentChannel(started.StandardInput, started.StandardOutput);
        try
        {
            string hello = channel.ReadLine(options.Timeout, () => started.Kill(entireProcessTree: true), "start")
                ?? throw new HostAgentException($"{path} exited at start");
            var reply = AgentReply.Parse(hello);
            if (!reply.Ok)
                throw new HostAgentException($"{path} refused to start: {reply.Error}");
            int pid = int.Parse(reply.Field("pid"), CultureInfo.InvariantCulture);
            if (before is not null)
                registry!.AddOverhead(ProcVmStat.Snapshot().Since(before));
            return new HostAgent(channel, new AgentProcess(pid), supervisor, registry, options, null, AgentReply.Number(reply.Field("base")));
        }
        catch
        {
            channel.Dispose();
            started.Kill(entireProcessTree: true);
            supervisor.Release();
            throw;
        }
    }

    /// <summary>fork(2) in the agent: the child is a new agent sharing its pages as fork left them.</summary>
    public HostResult<HostAgent> Fork()
    {
        var before = registry is null ? null : ProcVmStat.Snapshot();
        var reply = Call("fork");
        if (before is not null)
            registry!.AddOverhead(ProcVmStat.Snapshot().Since(before));
        if (!reply.Ok)
            return HostResult<HostAgent>.Fail(reply.Error!);
        var child = new AgentProcess((int)AgentReply.Number(reply.Text));
        AgentChannel? childChannel = null;
        try
        {
            // The child keeps the host's ends of its new pipes open as fds 3 and 4 until "attach".
            childChannel = AgentChannel.FromStreams(OpenProcFd(child.Pid, 3, FileAccess.Write), OpenProcFd(child.Pid, 4, FileAccess.Read));
            var hello = childChannel.Call("attach", options.Timeout, child.Kill);
            if (!hello.Ok)
                throw new HostAgentException($"forked agent {child.Pid} refused attach: {hello.Error}");
            supervisor.AddUser();
            return HostResult<HostAgent>.Success(new HostAgent(childChannel, child, supervisor, registry, options, this, Base));
        }
        catch
        {
            child.Kill();
            child.WaitForExit(options.Timeout);
            childChannel?.Dispose();
            child.Dispose();
            throw;
        }
    }

    /// <summary>exit(2): on success the process is gone and its address space torn down.</summary>
    public HostResult<Done> Exit()
    {
        var reply = Call("exit");
        if (!reply.Ok)
            return HostResult<Done>.Fail(reply.Error!);
        exited = true;
        if (!process.WaitForExit(options.Timeout))
        {
            process.Kill();
            throw new HostAgentException($"agent {Pid} answered exit but did not exit; killed it");
        }
        return HostResult<Done>.Success(default);
    }

    /// <summary>SIGKILL, at once; a command in flight on another thread fails with <see cref="HostAgentException"/>.</summary>
    public void Kill() => process.Kill();

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
        return channel.Call(command, options.Timeout, process.Kill);
    }

    /// <summary>Kills the process (unless it has exited) and waits until it is gone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        process.Kill();
        process.WaitForExit(TimeSpan.FromSeconds(10));
        channel.Dispose();
        process.Dispose();
        registry?.Remove(this);
        LiveAgents.Remove(this);
        supervisor.Release();
    }

    public override string ToString() => $"agent {Pid}";

    private static FileStream OpenProcFd(int pid, int fd, FileAccess access)
    {
        var handle = File.OpenHandle($"/proc/{pid}/fd/{fd}", FileMode.Open, access, FileShare.ReadWrite);
        return new FileStream(handle, access, bufferSize: 0);
    }

    private static int LowestAllowedCpu()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        using var self = Process.GetCurrentProcess();
        ulong mask = (ulong)self.ProcessorAffinity;
        return mask == 0 ? 0 : BitOperations.TrailingZeroCount(mask);
    }
}
