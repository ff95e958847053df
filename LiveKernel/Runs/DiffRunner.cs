using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Engine.Eras;
using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Scripts;
using MmDsl.Runtime.Scripting;

using MmDsl.Runtime.Running;

namespace MmDsl.LiveKernel.Runs;

/// <summary>How to diff scripts.</summary>
internal sealed record DiffOptions
{
    public CancellationToken Cancellation { get; init; }

    /// <summary>Creates the C# snippet host for the simulator's run.</summary>
    public Func<ISnippetHost>? Snippets { get; init; }

    public bool NoCSharp { get; init; }

    /// <summary>Print what both runs printed before each table.</summary>
    public bool ShowRuns { get; init; }

    /// <summary>On a machine with no swap: a swap file of this size for each host run (<c>--swap SIZE</c>).</summary>
    public long? SwapBytes { get; init; }
}

/// <summary>One script's diff: skipped (with the reason), or both runs and their table.</summary>
internal sealed record ScriptDiff(
    string Path,
    int ExitCode,
    string? Skipped = null,
    DiffTable? Table = null,
    string SimulatedOutput = "",
    string HostOutput = "",
    IReadOnlyList<string>? Uncontrolled = null,
    int HostRuns = 1,
    string? KnownDisagreement = null,
    IReadOnlyList<string>? HostSteps = null,
    bool SimulatedSwapFile = false,
    string HostNotes = "")
{
    /// <summary>
    /// What the host printed for each top-level command, in the script's order (as far as the
    /// host run got); what it printed after the last command is <see cref="HostNotes"/>.
    /// </summary>
    public IReadOnlyList<string> HostStepOutputs => HostSteps ?? [];

    /// <summary>
    /// What is wrong with the result for a regression run, or null: it did not parse; it disagrees
    /// without a <c># host|vm: disagrees</c> mark; it is marked and agrees now (the mark must go);
    /// no row could be compared and no <c>skip</c> mark says why.
    /// </summary>
    public string? Problem => this switch
    {
        { ExitCode: ExitCodes.Usage } => "did not parse",
        { Skipped: not null } => null,
        { Table: null } => "no table",
        { KnownDisagreement: { } known, Table.Agrees: true } => $"marked 'disagrees {known}', but agrees now: remove the mark",
        { KnownDisagreement: not null } => null,
        { Table.Agrees: false } => $"{Table.Count(DiffMark.Disagree)} disagreement(s)",
        { Table.Compared: false } => "no row could be compared; say why with '# host: skip REASON' (or '# vm ...')",
        _ => null,
    };
}

/// <summary>
/// <c>mmdsl diff FILE...</c>: each script in the simulator, under the era of the running kernel, and
/// on the live kernel; then a table per script of every <c>print</c>, <c>expect</c> and query value,
/// simulated against real. Exit code 1 on any disagreement, 2 on usage or syntax errors.
/// </summary>
internal static class DiffRunner
{
    public static int Run(IReadOnlyList<string> files, DiffOptions options, TextWriter output)
    {
        if (HostCapabilities.Current.Unmet(HostRequirement.Linux | HostRequirement.Agent) is { } unmet)
        {
            output.WriteLine($"mmdsl diff: the host cannot run scripts: {unmet}");
            return ExitCodes.Usage;
        }
        var worst = ExitCodes.Ok;
        var diffs = new List<ScriptDiff>();
        foreach (var file in files)
        {
            var diff = Diff(file, options);
            Print(diff, options, output);
            diffs.Add(diff);
            worst = Math.Max(worst, diff.ExitCode);
        }
        if (diffs.Count > 1)
        {
            var known = diffs.Count(d => d is { Table.Agrees: false, KnownDisagreement: not null });
            output.WriteLine($"{diffs.Count} scripts: {diffs.Count(d => d.Table is { Agrees: true })} agree, "
                + $"{diffs.Count(d => d.Table is { Agrees: false })} disagree{(known > 0 ? $" ({known} as marked)" : string.Empty)}, {diffs.Count(d => d.Skipped is not null)} skipped"
                + $"{(diffs.Any(d => d.ExitCode == ExitCodes.Usage) ? ", some did not parse" : string.Empty)}");
        }
        return worst;
    }

    /// <summary>Runs one script both ways (or says why the host cannot compare it).</summary>
    public static ScriptDiff Diff(string path, DiffOptions options)
    {
        if (!ScriptFile.TryRead(path, out var text, out var unreadable))
        {
            return new ScriptDiff(path, ExitCodes.Usage, SimulatedOutput: $"mmdsl diff: {unreadable}\n");
        }
        var parsed = ScriptParser.Parse(new SourceText(path, text) { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) });
        if (!parsed.Success)
        {
            return new ScriptDiff(path, ExitCodes.Usage, SimulatedOutput: string.Join("\n", parsed.Diagnostics.Select(d => d.Format())) + "\n");
        }
        HostScriptNeeds needs;
        try
        {
            needs = HostScriptNeeds.Parse(text, MarkTarget.Current);
        }
        catch (FormatException e)
        {
            return new ScriptDiff(path, ExitCodes.Usage, SimulatedOutput: $"{path}: {e.Message}\n");
        }
        if (needs.Unmet(HostCapabilities.WithSwapFile(options.SwapBytes)) is { } why)
        {
            return new ScriptDiff(path, ExitCodes.Ok, Skipped: why);
        }

        var simOut = new StringWriter { NewLine = "\n" };
        var session = new Session(simOut, HostKernel.Version ?? KernelVersion.Latest) { NoCSharp = options.NoCSharp, Cancellation = options.Cancellation };
        var runOptions = new RunOptions { Snippets = options.Snippets, NoCSharp = options.NoCSharp, Cancellation = options.Cancellation };
        // A swap file only for the scripts that declare they need swap: writing one takes a moment.
        var swapBytes = (needs.Needs & HostRequirement.Swap) != 0 ? options.SwapBytes : null;
        var device = ActiveSwap.Device();
        var swapFile = (swapBytes is not null && !HostCapabilities.Current.Swap.Available) || device == "file";
        if (swapFile)
        {
            // the host swaps to a file, which takes no large entries: so does the simulated machine
            session.Machine.SetSwapFile(true);
        }
        else if (device == "zram")
        {
            // the target swaps to zram (a virtual machine's guest does): swap-ins of unshared entries skip the swap cache
            session.Machine.SetSwapDevice(file: false, synchronous: true);
        }
        var simulator = new Interpreter(session) { Host = ScriptRunner.NewHost(parsed.Script, runOptions), StopOnError = true, PinnedKernel = true };
        simulator.Run(parsed.Script);

        // Other processes move /proc/vmstat's counters too, and only ever up: when nothing but a
        // counter disagrees, a quieter run of the script may agree.
        for (var run = 1; ; run++)
        {
            var hostOut = new StringWriter { NewLine = "\n" };
            var starts = new List<int>();
            var end = 0;
            HostRunResult host;
            try
            {
                host = HostScriptRunner.Run(parsed.Script, hostOut, new HostRunOptions
                {
                    PinnedKernel = true,
                    Cancellation = options.Cancellation,
                    Session = new LiveSessionOptions { SwapBytes = swapBytes },
                    BeforeCommand = _ => starts.Add(hostOut.GetStringBuilder().Length),
                    AfterCommands = () => end = hostOut.GetStringBuilder().Length,
                });
            }
            catch (IOException e) when (swapBytes is not null)
            {
                return new ScriptDiff(path, ExitCodes.Ok, Skipped: $"needs swap: {e.Message}", SimulatedSwapFile: swapFile);
            }
            var table = new DiffTable(session.Observations, host.Observations, session.Outcomes.Rows, host.Outcomes,
                session.Errors > 0 ? "error" : null, host.Errors > 0 ? "error" : null);
            if (table.Agrees || run == MaxHostRuns || !table.OnlyCountersDisagree)
            {
                return new ScriptDiff(path, table.Agrees ? ExitCodes.Ok : ExitCodes.Failed, null, table,
                    simOut.ToString(), hostOut.ToString(), host.Uncontrolled, run, needs.Disagrees,
                    Steps(hostOut.ToString(), starts, end), swapFile, hostOut.ToString()[Math.Min(end, hostOut.GetStringBuilder().Length)..]);
            }
        }
    }

    /// <summary>The output of each command: from where it began to where the next began (the last to where the commands ended).</summary>
    private static List<string> Steps(string output, List<int> starts, int end) =>
        [.. starts.Select((start, i) => output[start..(i + 1 < starts.Count ? starts[i + 1] : Math.Max(start, end))])];

    /// <summary>How many times a script runs on the host when only machine-wide counters disagree.</summary>
    public const int MaxHostRuns = 3;

    public static void Print(ScriptDiff diff, DiffOptions options, TextWriter output)
    {
        if (diff.Skipped is { } why)
        {
            output.WriteLine($"{diff.Path}: skipped: {why}");
            return;
        }
        if (diff.Table is not { } table)
        {
            output.Write(diff.SimulatedOutput);
            return;
        }
        var era = HostKernel.Era;
        output.WriteLine($"{diff.Path}: simulated {HostKernel.Version?.ToString() ?? "latest"} (era {era.Name}) vs host Linux {HostKernel.Release}");
        var error = table.Rows.Any(r => r.Key == "error");
        if (options.ShowRuns || error)
        {
            output.WriteLine("--- simulated:");
            output.Write(diff.SimulatedOutput);
            output.WriteLine("--- host:");
            output.Write(diff.HostOutput);
            output.WriteLine("---");
        }
        foreach (var line in table.Lines())
        {
            output.WriteLine(line);
        }
        if (diff is { KnownDisagreement: { } known, Table.Agrees: false })
        {
            output.WriteLine($"known disagreement (marked): {known}");
        }
        if (diff.HostRuns > 1)
        {
            output.WriteLine($"ran {diff.HostRuns} times on the host: other processes moved /proc/vmstat's counters in the earlier runs");
        }
        foreach (var note in diff.Uncontrolled ?? [])
        {
            output.WriteLine($"not controlled: {note}");
        }
    }
}
