using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// The live kernel as a kernel target: each process is an agent, each memory command the real
/// system call, each query what /proc and /sys say. What user space cannot see is an unknown value;
/// what it cannot do is said so (see <see cref="CommandFacts"/>), and when that would have changed
/// memory, later observations are not compared.
/// </summary>
internal sealed partial class LiveKernelTarget : IKernelTarget
{
    private readonly LiveSession _host;
    private readonly ScriptState _state;
    private readonly Dictionary<string, HostProcess> _processes = new(StringComparer.Ordinal);
    private readonly FaultLedger _faults = new();
    private readonly Dictionary<int, HostHandle> _handles = [];
    private int _nextHandle = 1;
    private CounterWindows _windows = new();

    public LiveKernelTarget(LiveSession host, TextWriter output, CancellationToken cancellation)
    {
        _host = host;
        _state = new ScriptState(output, cancellation);
    }

    public Backend Backend => Backend.LiveKernel;

    public Engine.Eras.KernelVersion? Version => HostKernel.Version;

    public string Where => "the host";

    public IScriptState State => _state;

    private TextWriter Out => _state.Output;

    private HostCapabilities Can => _host.Capabilities;

    /// <summary>Opens the counter windows a script needs (<see cref="CounterWindows"/>): only when it asks for a counter.</summary>
    public void Prepare(Script script) => _windows = new CounterWindows
    {
        Enabled = CounterWindows.Needed(script.Commands, script.Source.BaseDirectory),
        PerSize = CounterWindows.NeedsPerSize(script.Commands, script.Source.BaseDirectory),
    };

    public string? FailureOf(Exception exception) =>
        exception is HostAgentException or HostUnavailableException or HostCommandException or IOException
            ? $"host: {exception.Message}"
            : null;

    public bool HasProcess(string name) => _processes.ContainsKey(name);

    public IReadOnlyList<string> ProcessNames => [.. _processes.Keys];

    private HostProcess P(string name) => _processes[name];

    /// <summary>The script's memory commands run inside counter windows; forks and exits count only the THP counters.</summary>
    public IDisposable Begin(Command command, bool inner)
    {
        var watched = command is MmapCommand or MunmapCommand or MprotectCommand or MremapCommand or MadviseCommand
            or ReadCommand or WriteCommand or HandleReadCommand or HandleWriteCommand or PinCommand or VmspliceCommand
            or ReleaseCommand or SwapoutCommand or CollapseCommand or SplitCommand or ShrinkCommand
            ? _windows.Begin()
            : command is ForkCommand or ExitCommand && _windows.Begin(thpOnly: true);
        return watched ? new Window(_windows) : NoWindow.Instance;
    }

    private sealed class Window(CounterWindows windows) : IDisposable
    {
        public void Dispose() => windows.End();
    }

    private sealed class NoWindow : IDisposable
    {
        public static NoWindow Instance { get; } = new();

        public void Dispose()
        {
        }
    }

    // ---- Processes -------------------------------------------------------------------------

    public ForkOutcome NewProcess(string name)
    {
        var agent = _host.StartProcess();
        _faults.Started(agent);
        _processes[name] = new HostProcess(name, agent);
        return new ForkOutcome(agent.Pid);
    }

    public ForkOutcome Fork(string parentName, string child)
    {
        var parent = P(parentName);
        var before = _faults.BeforeFork(parent.Agent);
        var forked = parent.Agent.Fork();
        if (forked is not HostResult<HostAgent>.Ok { Value: var agent })
        {
            return new ForkOutcome(0, forked.ErrorOrNull?.ToString());
        }
        _faults.Forked(parent.Agent, before, agent);
        _processes[child] = new HostProcess(child, agent);
        return new ForkOutcome(agent.Pid);
    }

    public string Exit(string name)
    {
        var process = P(name);
        _faults.Exiting(process.Agent);
        var exited = process.Agent.Exit();
        process.Agent.Dispose();
        _processes.Remove(name);
        return exited.IsOk ? string.Empty : $": {exited.ErrorOrNull} (killed)";
    }

    /// <summary><c>reset</c>: every agent ends; names, handles, counters and the write counter start again.</summary>
    public string Reset()
    {
        foreach (var process in _processes.Values)
        {
            process.Agent.Dispose();
        }
        _processes.Clear();
        _host.CloseMemfds();
        _memfds.Clear();
        _state.Clear();
        _handles.Clear();
        _nextHandle = 1;
        _faults.Clear();
        _windows.Clear();
        _host.RestartStats();
        return "reset: every agent ended";
    }

    /// <summary>Something the host cannot do in this form: the interpreter says so and goes on.</summary>
    private static UnsupportedException NotOnHost(string why, bool changesMemory) => new(why, changesMemory);

    /// <summary>From here to the next <c>reset</c> the host's memory is not what the simulator's is.</summary>
    private void Diverge(string why) => _state.Diverged ??= why;

    private static string Describe(HostError error) => error.IsSignal ? error.Name : $"{error.Name} ({error.Message})";

    private static SyscallOutcome Outcome(HostError? error) =>
        error is null ? SyscallOutcome.Ok : SyscallOutcome.Failed(error.Name, error.IsSignal ? null : error.Message);

    private static string Faults(FaultCounts faults) =>
        faults.Total switch
        {
            0 => "no fault",
            1 => "1 fault",
            var n => $"{n} faults",
        } + (faults.Major > 0 ? $" ({faults.Major} major)" : string.Empty);
}
