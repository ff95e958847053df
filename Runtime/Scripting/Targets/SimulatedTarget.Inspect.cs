using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;
using MmDsl.Runtime.Output.Graph;
using MmDsl.Runtime.Output.Show;

namespace MmDsl.Runtime.Scripting.Targets;

internal sealed partial class SimulatedTarget
{
    public void Trace(bool on) => session.Trace = on;

    public void Full(bool on) => session.Full = on;

    public void Check(CheckCommand command)
    {
        var problems = InvariantChecker.Check(M);
        if (problems.Count == 0)
        {
            Out.WriteLine("check: ok");
            return;
        }
        session.FailedExpectations++;
        Out.WriteLine($"{command.Span.Source.Path}:{command.Span.Line}: check failed: {problems.Count} invariant violation(s)");
        foreach (var problem in problems)
        {
            Out.WriteLine("  " + problem);
        }
    }

    public void PrintCSharp(Command command) => Out.WriteLine(command switch
    {
        PrintCommand print => CSharpEquivalent.ForPrint(print, session),
        _ => CSharpEquivalent.ForShow((ShowCommand)command, session),
    });

    public void Compare(Script script, IReadOnlyList<Api.Policy> policies)
    {
        var table = EraComparison.Run(script, M.Settings, () => NullHost.Instance, jobs: session.Jobs, cancellation: session.Cancellation, noCSharp: session.NoCSharp, full: session.Full,
            policies: [.. policies.Select(p => new PolicyColumn(p.Name, p))]);
        foreach (var line in table.Lines())
        {
            Out.WriteLine(line);
        }
        // An expectation not as stated in some era fails the script, as it would in a run of that era.
        session.FailedExpectations += table.Surprises;
    }

    public void Show(ShowRequest request)
    {
        var lines = request.Kind switch
        {
            ShowKind.Procs => ProcsTable.Lines(M, session.Current),
            ShowKind.Maps => PerProcess(request, p => MapsTable.Lines(M, p)),
            ShowKind.Ptes => PerProcess(request, p => PtesTable.Lines(M, p, request.Start, request.End == ShowRequest.Whole ? Machine.TaskSize : request.End)),
            ShowKind.Refs => RefsTable.Lines(M, request.Process),
            ShowKind.Graph => Graph(request),
            ShowKind.Folio => Folio(P(request.Process!), request.Start),
            ShowKind.Swap => MiscTables.Swap(M, session.Full),
            ShowKind.Pins => MiscTables.Pins(M),
            _ => MiscTables.Stats(M),
        };
        foreach (var line in lines)
        {
            Out.WriteLine(line);
        }
    }

    /// <summary><c>show graph</c>: the text drawing, or DOT with <c>--dot</c>.</summary>
    private IEnumerable<string> Graph(ShowRequest request)
    {
        var end = request.End == ShowRequest.Whole ? Machine.TaskSize : request.End;
        var graph = GraphBuilder.Build(M, request.Process, request.Start, end);
        if (request.Command.Dot)
        {
            return GraphDot.Lines(graph);
        }
        if (graph.Processes.Count == 0 && graph.Folios.Count == 0)
        {
            return [request.Process is null ? "no processes" : $"{request.Process}: nothing mapped in {Fmt.Range(request.Start, end)}"];
        }
        return GraphText.Lines(graph);
    }

    /// <summary>The lines of the process a request names, or of every process.</summary>
    private IEnumerable<string> PerProcess(ShowRequest request, Func<Process, IEnumerable<string>> lines)
    {
        IReadOnlyList<Process> processes = request.Process is { } name ? [P(name)] : M.Processes;
        return processes.Count == 0 ? ["no processes"] : processes.SelectMany(lines).ToList();
    }

    private IEnumerable<string> Folio(Process process, long address)
    {
        var info = M.Lookup(process, address);
        if (!info.Present)
        {
            return [$"{process.Name}: nothing mapped at {Fmt.Hex(address)}{(info.Swapped ? " (swapped out)" : string.Empty)}"];
        }
        if (info.Zero)
        {
            return [$"{process.Name}: {Fmt.Hex(address)} maps the {(info.Level == MappingLevel.Pmd ? "huge zero folio" : "zero page")} ({Fmt.Pfn(info.Pfn)})"];
        }
        return FolioDetail.Lines(M, M.Memory.Head(info.Pfn));
    }
}
