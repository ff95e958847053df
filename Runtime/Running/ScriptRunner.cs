using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Running;

/// <summary>How to run a script.</summary>
internal sealed record RunOptions
{
    /// <summary>A kernel version, <c>all</c> for every era, or null for the script's own choice.</summary>
    public string? Kernel { get; init; }

    public bool Trace { get; init; }

    /// <summary>Every line of commands that touch many pages, not runs folded into one (<c>--full</c>).</summary>
    public bool Full { get; init; }

    public bool NoCSharp { get; init; }

    /// <summary>With several eras (<c>--kernel all</c>), show only the rows where they differ or an outcome is not as stated.</summary>
    public bool OnlyDifferences { get; init; }

    /// <summary>
    /// Eras run at once with several kernels (<c>--jobs</c>; 1, the default here, one after
    /// another). The output is the same whatever the number.
    /// </summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Run the invariant checker after every command (tests).</summary>
    public bool CheckInvariants { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>Creates the C# snippet host the first time a snippet runs.</summary>
    public Func<ISnippetHost>? Snippets { get; init; }

    /// <summary>Run on the live kernel with real processes (<c>--host</c>) instead of the simulator.</summary>
    public bool Host { get; init; }

    /// <summary>With <see cref="Host"/>, on a machine with no swap: a swap file of this size for the run (<c>--swap SIZE</c>).</summary>
    public long? SwapBytes { get; init; }

    /// <summary>Runs a parsed script on the live kernel (the live-kernel backend's entry point); null where there is none.</summary>
    public Func<Script, RunOptions, TextWriter, int>? LiveKernel { get; init; }
}

/// <summary>Exit codes of the command line.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}

/// <summary>
/// Runs a script from text to exit code: parse (syntax errors exit 2 before anything runs), then
/// run once, or once per era with <c>--kernel all</c>.
/// </summary>
internal static class ScriptRunner
{
    public static int RunFile(string path, RunOptions options, TextWriter output)
    {
        if (!ScriptFile.TryRead(path, out var text, out var why))
        {
            output.WriteLine($"mmdsl: {why}");
            return ExitCodes.Usage;
        }
        var source = new SourceText(path, text)
        {
            BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)),
        };
        return Run(source, options, output);
    }

    public static int Run(SourceText source, RunOptions options, TextWriter output)
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
        if (options.Host)
        {
            if (options.LiveKernel is not { } live)
            {
                output.WriteLine("mmdsl: --host: this build has no live-kernel backend");
                return ExitCodes.Usage;
            }
            return live(parsed.Script, options, output);
        }
        if (string.Equals(options.Kernel, "all", StringComparison.OrdinalIgnoreCase))
        {
            return RunAllEras(parsed.Script, options, output, EraPolicy.All, byVersion: false);
        }
        if (options.Kernel is { } list && list.Contains(','))
        {
            var versions = new List<EraPolicy>();
            foreach (var item in list.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!KernelVersion.TryParse(item, out var each))
                {
                    output.WriteLine($"mmdsl: '{item}' is not a kernel version (try --kernel 5.4,5.16,6.1)");
                    return ExitCodes.Usage;
                }
                versions.Add(EraPolicy.For(each));
            }
            return RunAllEras(parsed.Script, options, output, versions, byVersion: true);
        }
        KernelVersion? version = null;
        if (options.Kernel is { } text)
        {
            if (!KernelVersion.TryParse(text, out var v))
            {
                output.WriteLine($"mmdsl: '{text}' is not a kernel version (try 5.16, 6.1, latest or all)");
                return ExitCodes.Usage;
            }
            version = v;
        }
        var session = new Session(output, version) { Trace = options.Trace, Full = options.Full, NoCSharp = options.NoCSharp, Cancellation = options.Cancellation, Jobs = options.Jobs };
        var host = NewHost(parsed.Script, options);
        var interpreter = new Interpreter(session) { Host = host, StopOnError = true, PinnedKernel = version is not null };
        interpreter.Run(parsed.Script);
        if (interpreter.SyntaxErrors > 0)
        {
            return ExitCodes.Usage;
        }
        return session.Errors > 0 || session.FailedExpectations > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static int RunAllEras(Script script, RunOptions options, TextWriter output, IReadOnlyList<EraPolicy> eras, bool byVersion)
    {
        // Eras run at once unless the script can run C#, whose effects outside the simulator keep their order only one era after another.
        var jobs = options.Snippets is not null && !options.NoCSharp && CSharpUse.MayRun(script) ? 1 : options.Jobs;
        // A policy the script defines is one more column, after the eras (docs/policies.md).
        List<PolicyColumn> policies = options.NoCSharp || options.Snippets is null
            ? []
            : [.. script.Commands.OfType<PolicyCommand>().Select(p => p.Name).Distinct().Select(n => new PolicyColumn(n))];
        var comparison = EraComparison.Run(script, new MachineSettings(), () => NewHost(script, options), eras, options.Trace, byVersion, jobs, options.Cancellation, options.NoCSharp, options.Full, policies);
        // With --trace every era's whole run is shown, then the table; otherwise only the runs
        // that stopped on an error.
        foreach (var (era, session, text) in comparison.Runs.Where(r => options.Trace || r.Session.Errors > 0))
        {
            output.WriteLine($"=== {era.Name} ({era.Version}):");
            output.Write(text);
        }
        output.WriteLine(byVersion ? $"{script.Source.Path}: {comparison.Runs.Count} kernels" : $"{script.Source.Path}: {comparison.Runs.Count} eras");
        foreach (var line in comparison.Lines(options.OnlyDifferences))
        {
            output.WriteLine(line);
        }
        return comparison.Failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>A host with undo only when the script uses it (snapshots cost a machine copy per command).</summary>
    internal static SessionServices NewHost(Script script, RunOptions options) => new(options.Snippets)
    {
        KeepUndo = Uses<UndoCommand>(script.Commands),
        CheckInvariants = options.CheckInvariants,
    };

    private static bool Uses<T>(IEnumerable<Command> commands)
        where T : Command =>
        commands.Any(c => c is T || (c is ForCommand f && Uses<T>(f.Body)));
}
