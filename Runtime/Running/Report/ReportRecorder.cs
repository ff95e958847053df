using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Language.Syntax;
using MmDsl.Runtime.Output.Graph;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Running.Report;

/// <summary>One top-level command of a script, what it printed, and the graph of the machine after it.</summary>
internal sealed record ReportStep(int Number, int Line, string Command, string Output, GraphModel Graph, bool Failed);

/// <summary>
/// The counts of folios at one point of a run: after a step, or after a command inside a step's
/// loop or included file (<see cref="Inner"/>), head pfn by head pfn.
/// </summary>
internal sealed record FolioSample(int Step, bool Inner, IReadOnlyDictionary<int, (int Ref, int Map, int Pin)> Counts);

/// <summary>A whole run of a script for the report, under one kernel.</summary>
internal sealed record ReportRun(EraPolicy Era, IReadOnlyList<ReportStep> Steps, IReadOnlyList<FolioSample> Samples, Session Session);

/// <summary>
/// Runs a script command by command, as <c>mmdsl run</c> would, keeping each command's output and
/// the graph after it, and samples folio counts for the timelines: after every step, and after
/// every command inside a loop while the machine is small enough for that to stay cheap.
/// </summary>
internal sealed class ReportRecorder : IInterpreterHost
{
    /// <summary>Inner samples are taken only while the machine holds at most this many folios...</summary>
    public const int SmallMachine = 4096;

    /// <summary>...and at most this many in a whole run.</summary>
    public const int MaxInnerSamples = 4096;

    private readonly SessionServices _services;
    private readonly List<FolioSample> _samples = [];
    private int _step;
    private int _inner;

    private ReportRecorder(SessionServices services)
    {
        _services = services;
    }

    /// <summary>Runs SCRIPT under VERSION (the era of <c>options.Kernel</c>'s default when null); with SWAPFILE the machine swaps to a file, as a real kernel with only swap files does.</summary>
    public static ReportRun Run(Script script, KernelVersion? version, RunOptions options, bool swapFile = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        var session = new Session(output, version) { NoCSharp = options.NoCSharp, Cancellation = options.Cancellation };
        if (swapFile)
        {
            session.Machine.SetSwapFile(true);
        }
        var recorder = new ReportRecorder(ScriptRunner.NewHost(script, options));
        var interpreter = new Interpreter(session) { Host = recorder, StopOnError = true, PinnedKernel = version is not null };
        var steps = new List<ReportStep>();
        foreach (var command in script.Commands)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            recorder._step = steps.Count + 1;
            var before = output.GetStringBuilder().Length;
            var ok = interpreter.Execute(command);
            var text = output.GetStringBuilder().ToString(before, output.GetStringBuilder().Length - before);
            var graph = GraphBuilder.Build(session.Machine);
            steps.Add(new ReportStep(steps.Count + 1, command.Span.Line, command.Span.Text.Trim(), text, graph, !ok));
            recorder._samples.Add(new FolioSample(steps.Count, false, FromGraph(graph)));
            if (!ok)
            {
                break;
            }
        }
        return new ReportRun(session.Era, steps, recorder._samples, session);
    }

    /// <summary>Counts after a step: one per folio node (a folded run by its first folio), cheap at any size.</summary>
    private static Dictionary<int, (int, int, int)> FromGraph(GraphModel graph) =>
        graph.Folios.ToDictionary(f => f.Head, f => (f.RefCount, f.MapCount, f.Pins));

    private void Sample(Machine m)
    {
        if (_inner >= MaxInnerSamples)
        {
            return;
        }
        var counts = new Dictionary<int, (int, int, int)>();
        foreach (var head in m.Folios())
        {
            if (counts.Count >= SmallMachine)
            {
                return;
            }
            counts[head] = (m.Memory.RefCount(head), m.FolioMapCount(head), m.FolioPins(head));
        }
        _inner++;
        _samples.Add(new FolioSample(_step, true, counts));
    }

    public void BeforeCommand(Interpreter interpreter, Command command) => _services.BeforeCommand(interpreter, command);

    public void AfterCommand(Interpreter interpreter, Command command, bool succeeded) => _services.AfterCommand(interpreter, command, succeeded);

    public void AfterInnerCommand(Interpreter interpreter, Command command) => ((IInterpreterHost)_services).AfterInnerCommand(interpreter, command);

    public void AfterEachInnerCommand(Interpreter interpreter, Command command) => Sample(interpreter.Session.Machine);

    public void CSharp(Interpreter interpreter, CSharpCommand command) => _services.CSharp(interpreter, command);

    public void CSharpExpect(Interpreter interpreter, CSharpExpectCommand command) => _services.CSharpExpect(interpreter, command);

    public void CSharpLoad(Interpreter interpreter, CSharpLoadCommand command) => _services.CSharpLoad(interpreter, command);

    public void Undo(Interpreter interpreter, UndoCommand command) => _services.Undo(interpreter, command);

    public void Save(Interpreter interpreter, SaveCommand command) => _services.Save(interpreter, command);

    public void Report(Interpreter interpreter, ReportCommand command) =>
        throw new RuntimeError(command.Span, "report cannot run inside a report");

    public void History(Interpreter interpreter, HistoryCommand command) => ((IInterpreterHost)_services).History(interpreter, command);
}
