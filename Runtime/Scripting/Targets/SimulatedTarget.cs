using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Engine.Events;
using MmDsl.Engine;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting.Targets;

/// <summary>
/// The simulated machine of a <see cref="Session"/> as a kernel target: each operation calls the
/// engine, and the engine's events (faults and the decisions behind them) are what it prints.
/// </summary>
internal sealed partial class SimulatedTarget(Session session) : IKernelTarget
{
    /// <summary>The events of the command now running (its machine recording); handlers take out what they print.</summary>
    private List<EngineEvent> _events = [];

    public Backend Backend => Backend.Simulator;

    public Engine.Eras.KernelVersion? Version => session.Version;

    public string Where => "the simulator";

    public IScriptState State => session;

    private Engine.Machine M => session.Machine;

    private TextWriter Out => session.Output;

    public string? FailureOf(Exception exception) => null;

    public bool HasProcess(string name) => session.FindProcess(name) is not null;

    public IReadOnlyList<string> ProcessNames => [.. session.Processes.Select(p => p.Name)];

    /// <summary>The process the last call named: a range access names the same one for every page.</summary>
    private Engine.Mm.Process? _last;

    /// <summary>The live process called NAME (the interpreter has checked that there is one).</summary>
    private Engine.Mm.Process P(string name)
    {
        if (_last is { } last && last.Name == name)
        {
            return last;
        }
        return _last = session.FindProcess(name)!;
    }

    /// <summary>
    /// The engine's events of one command, recorded while it runs (<see cref="Engine.Machine.Record"/>)
    /// and printed when it ends or fails, unless the command printed them itself. Inside a block,
    /// what the enclosing command left is printed first.
    /// </summary>
    public IDisposable Begin(Command command, bool inner)
    {
        // A command may create, end or (undo, compare) replace processes: look them up afresh.
        _last = null;
        if (inner)
        {
            FlushEvents();
        }
        return new EventScope(this, M.Record());
    }

    private sealed class EventScope : IDisposable
    {
        private readonly SimulatedTarget _target;
        private readonly EventRecording _recording;
        private readonly List<EngineEvent> _outer;

        public EventScope(SimulatedTarget target, EventRecording recording)
        {
            _target = target;
            _recording = recording;
            _outer = target._events;
            target._events = recording.Events;
        }

        public void Dispose()
        {
            _target.FlushEvents();
            _recording.Dispose();
            _target._events = _outer;
        }
    }

    /// <summary>Print what the engine did that no command printed itself.</summary>
    private void FlushEvents()
    {
        if (_events.Count > 0)
        {
            Reporter.Flush(_events, session.Full);
        }
    }

    private EventReporter Reporter => new(Out, new EventFormatter(session.Trace, session.Era.Name));

    // ---- Processes -------------------------------------------------------------------------

    public ForkOutcome NewProcess(string name) => Outcome(M.CreateProcess(name));

    public ForkOutcome Fork(string parent, string child) => Outcome(M.Fork(P(parent), child));

    private static ForkOutcome Outcome(Result<Engine.Mm.Process> result) =>
        result.Ok ? new ForkOutcome(result.Value.Pid) : new ForkOutcome(0, result.Error.ToString(), result.Detail);

    public string Exit(string process)
    {
        M.Exit(P(process));
        return string.Empty;
    }

    public string Reset()
    {
        session.Reset();
        return "reset: a fresh machine";
    }
}
