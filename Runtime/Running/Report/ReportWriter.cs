using MmDsl.Engine.Eras;
using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Output;
using MmDsl.Runtime.Output.Report;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Running.Report;

/// <summary>
/// <c>mmdsl report FILE</c>: runs the script step by step (once, or once per era with
/// <c>--kernel all</c>) and writes the page of <see cref="ReportHtml"/>.
/// </summary>
internal static class ReportWriter
{
    /// <summary>Writes the report of the script at <paramref name="path"/> to <paramref name="target"/>; the exit code.</summary>
    /// <remarks>With <paramref name="real"/>, a real kernel's run of the same script: the simulator follows that kernel's version and the page shows its answers beside the simulated ones.</remarks>
    public static int WriteFile(string path, string target, RunOptions options, TextWriter output, RealKernelAnswers? real = null)
    {
        if (!ScriptFile.TryRead(path, out var text, out var why))
        {
            output.WriteLine($"mmdsl: {why}");
            return ExitCodes.Usage;
        }
        var source = new SourceText(path, text) { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) };
        return Write(source, target, options, output, real);
    }

    public static int Write(SourceText source, string target, RunOptions options, TextWriter output, RealKernelAnswers? real = null)
    {
        var parsed = ScriptParser.Parse(source);
        if (!parsed.Success)
        {
            foreach (var d in parsed.Diagnostics)
            {
                output.WriteLine(d.Format());
            }
            return ExitCodes.Usage;
        }
        if (!TryRender(parsed.Script, options, out var html, out var summary, out var exit, out var problem, real))
        {
            output.WriteLine($"mmdsl: {problem}");
            return ExitCodes.Usage;
        }
        File.WriteAllText(target, html);
        output.WriteLine($"report: {summary} -> {target} ({Fmt.Size(new FileInfo(target).Length / 1024 * 1024)})");
        return exit;
    }

    /// <summary>The page of a parsed script, its one-line summary and the exit code its run would have.</summary>
    public static bool TryRender(Script script, RunOptions options, out string html, out string summary, out int exit, out string? problem, RealKernelAnswers? real = null)
    {
        html = summary = string.Empty;
        exit = ExitCodes.Ok;
        problem = null;
        var title = $"mmdsl report: {script.Source.Path}";
        if (real is not null)
        {
            if (options.Kernel is not null)
            {
                problem = "--kernel does not apply beside a real kernel: the simulator follows the real kernel's version";
                return false;
            }
            return RenderBesideReal(script, options, real, title, out html, out summary, out exit);
        }
        if (string.Equals(options.Kernel, "all", StringComparison.OrdinalIgnoreCase))
        {
            var runs = EraPolicy.All.Select(era => ReportRecorder.Run(script, era.Version, options)).ToList();
            var comparison = EraComparison.Of(runs.Select(r => (r.Era, r.Session, string.Concat(r.Steps.Select(s => s.Output)))));
            var table = comparison.Lines().ToList();
            var steps = Enumerable.Range(0, runs.Max(r => r.Steps.Count)).Select(i => Columns(runs, i)).ToList();
            var differ = steps.Where(c => c.Count > 1).Select(c => c[0].Step.Number).ToList();
            summary = $"{runs.Count} eras, {Plural(steps.Count, "step", "steps")}; " +
                (differ.Count == 0 ? "every era gives the same output and state at every step" : $"the eras differ at step{(differ.Count > 1 ? "s" : string.Empty)} {string.Join(", ", differ)}");
            var latest = runs[^1];
            html = ReportHtml.Write(title, summary, table, steps, Timelines(latest, $"Under era {latest.Era.Name} ({latest.Era.Version})."));
            exit = comparison.Failed ? ExitCodes.Failed : ExitCodes.Ok;
            return true;
        }
        KernelVersion? version = null;
        if (options.Kernel is { } text)
        {
            if (!KernelVersion.TryParse(text, out var v))
            {
                problem = $"'{text}' is not a kernel version (try 5.16, 6.1, latest or all)";
                return false;
            }
            version = v;
        }
        var run = ReportRecorder.Run(script, version, options);
        var single = run.Steps.Select((s, i) => (IReadOnlyList<EraColumn>)[new EraColumn(run.Era.Name, View(run, i))]).ToList();
        var last = run.Steps.Count == 0 ? null : run.Steps[^1].Graph;
        summary = $"kernel {run.Session.Version} (era {run.Era.Name}), {Plural(run.Steps.Count, "step", "steps")}" +
            (last is null ? string.Empty : $", {Plural(last.Processes.Count, "process", "processes")} and {Plural(last.Folios.Sum(f => f.Count), "folio", "folios")} at the end") +
            (run.Session.Errors > 0 ? ", stopped on an error" : run.Session.FailedExpectations > 0 ? $", {run.Session.FailedExpectations} failed expectations" : string.Empty);
        html = ReportHtml.Write(title, summary, null, single, Timelines(run, string.Empty));
        exit = run.Session.Errors > 0 || run.Session.FailedExpectations > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        return true;
    }

    /// <summary>The page of a script beside a real kernel's run of it: the simulator under that kernel's exact version.</summary>
    private static bool RenderBesideReal(Script script, RunOptions options, RealKernelAnswers real, string title, out string html, out string summary, out int exit)
    {
        var run = ReportRecorder.Run(script, real.Version ?? KernelVersion.Latest, options, real.SwapFile);
        var steps = run.Steps.Select((s, i) =>
            (IReadOnlyList<EraColumn>)[new EraColumn(run.Era.Name, View(run, i) with { Real = new RealStep(i < real.Steps.Count ? real.Steps[i] : null) })]).ToList();
        var rows = real.Rows.Select(r => new RealRow(r.Key, r.Depth, r.Simulated, r.Host, DiffTable.Marker(r.Mark), r.Why)).ToList();
        var count = (DiffMark mark) => real.Rows.Count(r => r.Mark == mark);
        var tableSummary = real.Rows.Count == 0
            ? "no print or expect to compare"
            : $"{real.Rows.Count} rows: {count(DiffMark.Agree)} agree, {count(DiffMark.Disagree)} disagree (*), {count(DiffMark.Skipped)} skipped (-), {count(DiffMark.MachineSpecific)} machine-specific (~)";
        var after = real.Steps.Skip(run.Steps.Count).Select((o, i) => (run.Steps.Count + i + 1, o)).ToList();
        var simulated = $"{run.Session.Version} (era {run.Era.Name})";
        var view = new RealView(real.Header, simulated, rows, tableSummary, real.Notes, after, real.Skipped);
        summary = $"kernel {simulated}, {Plural(run.Steps.Count, "step", "steps")}" +
            (run.Session.Errors > 0 ? ", stopped on an error" : run.Session.FailedExpectations > 0 ? $", {run.Session.FailedExpectations} failed expectations" : string.Empty) +
            (real.Skipped is { } why ? $"; not run on {real.Header}: {why}" : $"; against {real.Header}: {tableSummary}");
        html = ReportHtml.Write(title, summary, null, steps, Timelines(run, string.Empty), view);
        var simExit = run.Session.Errors > 0 || run.Session.FailedExpectations > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        exit = Math.Max(simExit, real.ExitCode);
        return true;
    }

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private static StepView View(ReportRun run, int i)
    {
        var s = run.Steps[i];
        return new StepView(s.Number, s.Line, s.Command, s.Output, s.Graph, i == 0 ? null : run.Steps[i - 1].Graph, s.Failed);
    }

    /// <summary>Step <paramref name="i"/> under every era: one column per distinct outcome (output and state), in era order.</summary>
    private static IReadOnlyList<EraColumn> Columns(IReadOnlyList<ReportRun> runs, int i)
    {
        var groups = new List<(string Signature, List<ReportRun> Runs)>();
        foreach (var run in runs.Where(r => i < r.Steps.Count))
        {
            var step = run.Steps[i];
            var signature = step.Output + "\0" + string.Join("\n", Output.Graph.GraphText.Lines(step.Graph));
            var group = groups.FindIndex(g => g.Signature == signature);
            if (group < 0)
            {
                groups.Add((signature, [run]));
            }
            else
            {
                groups[group].Runs.Add(run);
            }
        }
        return groups.Select(g => new EraColumn(string.Join(", ", g.Runs.Select(r => r.Era.Name)), View(g.Runs[0], i))).ToList();
    }

    private static TimelineData Timelines(ReportRun run, string caption) =>
        new(caption, run.Samples.Select(s => (s.Step, s.Counts)).ToList());
}
