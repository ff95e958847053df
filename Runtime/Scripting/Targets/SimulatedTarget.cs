using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Engine.Events;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting.Targets;

/// <summary>
/// The simulated machine of a <see cref="Session"/> as a kernel target: each operation calls the
/// engine, and the engine's events (faults and the decisions behind them) are what it prints.
/// </summary>
internal sealed partial class SimulatedTarget(Session session) : IKernelTarget
{
    private readonly List<EngineEvent> _events = [];

    public Backend Backend => Backend.Simulator;

    public string Where => "the simulator";

    public IScriptState State => session;

    private Engine.Machine M => session.Machine;

    private TextWriter Out => session.Output;

    public string? FailureOf(Exception exception) => null;

    public bool HasProcess(string name) => session.FindProcess(name) is not null;

    public IReadOnlyList<string> ProcessNames => [.. session.Processes.Select(p => p.Name)];

    private Engine.Mm.Process P(string name) => session.FindProcess(name)!;

    /// <summary>
    /// The engine's events of one command, printed when it ends (or fails) unless the command
    /// printed them itself. Inside a block, what an enclosing command left is printed first.
    /// </summary>
    public IDisposable Begin(Command command, bool inner)
    {
        if (inner)
        {
            FlushEvents();
        }
        else
        {
            _events.Clear();
        }
        M.Events = _events;
        return new EventScope(this);
    }

    private sealed class EventScope(SimulatedTarget target) : IDisposable
    {
        public void Dispose() => target.FlushEvents();
    }

    /// <summary>Print what the engine did that no command printed itself.</summary>
    private void FlushEvents()
    {
        if (_events.Count == 0)
        {
            return;
        }
        var formatter = Formatter;
        foreach (var e in _events)
        {
            if (e is FaultEvent f)
            {
                Out.WriteLine($"{f.Process}: {EventFormatter.Verb(f.Access)} {Fmt.Hex(f.Address)}: {EventFormatter.Describe(f)}");
                foreach (var line in formatter.TraceLines(f))
                {
                    Out.WriteLine(line);
                }
                continue;
            }
            foreach (var line in formatter.Other(e, insideAccess: false))
            {
                Out.WriteLine(line);
            }
        }
        _events.Clear();
    }

    private EventFormatter Formatter => new(session.Trace, session.Era.Name);

    /// <summary>Print the events an access or a pin caused, under the line that reported it.</summary>
    private void PrintEventsInside()
    {
        var formatter = Formatter;
        foreach (var e in _events)
        {
            var lines = e is FaultEvent f ? formatter.TraceLines(f) : formatter.Other(e, insideAccess: true);
            foreach (var line in lines)
            {
                Out.WriteLine(line);
            }
        }
        _events.Clear();
    }

    // ---- Processes -------------------------------------------------------------------------

    public int NewProcess(string name) => M.CreateProcess(name).Value.Pid;

    public ForkOutcome Fork(string parent, string child) => new(M.Fork(P(parent), child).Value.Pid);

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
