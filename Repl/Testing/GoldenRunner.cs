using DiffPlex.Renderer;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Testing;

/// <summary>The outcome of one golden script, and how long it ran.</summary>
internal sealed record GoldenResult(GoldenScript Script, bool Passed, string Actual, int ExitCode, string? Diff)
{
    public TimeSpan Time { get; init; }
}

/// <summary>What <c>mmdsl test</c> was asked: where, which, how to report, how many at once.</summary>
internal sealed record TestOptions
{
    public IReadOnlyList<string> Paths { get; init; } = ["scripts"];

    public bool Accept { get; init; }

    public TestFormat Format { get; init; }

    /// <summary>Only scripts whose path contains this text (ordinal, case-insensitive).</summary>
    public string? Filter { get; init; }

    /// <summary>Scripts run at once; the machine's cores by default.</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Colour the diffs (a terminal without NO_COLOR).</summary>
    public bool Color { get; init; }
}

/// <summary>
/// <c>mmdsl test</c>: run each script, compare its output with <c>NAME.out</c>, write
/// <c>NAME.received</c> and a unified diff on mismatch; <c>--accept</c> rewrites the golden file.
/// Scripts run in parallel (each on a machine of its own); the report keeps the order they were found in.
/// </summary>
internal static class GoldenRunner
{
    public static int RunAll(TestOptions options, TextWriter output)
    {
        var scripts = GoldenScript.Find(options.Paths, includeNew: options.Accept)
            .Where(s => options.Filter is null || s.Path.Contains(options.Filter, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (scripts.Count == 0)
        {
            output.WriteLine(options.Filter is null
                ? "mmdsl test: no NAME.mm with a NAME.out beside it found"
                : $"mmdsl test: no script with a golden output matches '{options.Filter}'");
            return ExitCodes.Usage;
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var accepted = new string?[scripts.Count];
        var results = OrderedParallel.Map(scripts.Count, options.Jobs, i =>
        {
            var script = scripts[i];
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = Run(script, checkInvariants: false);
            if (options.Accept && result.Diff is not null && result.ExitCode != ExitCodes.Usage)
            {
                File.WriteAllText(script.OutPath, result.Actual);
                File.Delete(script.ReceivedPath);
                accepted[i] = script.OutPath;
                result = result with { Diff = null, Passed = result.ExitCode == script.ExpectedExit };
            }
            return result with { Time = started.Elapsed };
        });
        foreach (var path in accepted.OfType<string>())
        {
            // Said on the error stream in machine-readable formats, so that the report stays one document.
            (options.Format == TestFormat.Text ? output : Console.Error).WriteLine($"wrote {path}");
        }
        TestReport.Write(output, options.Format, results, watch.Elapsed, options.Color);
        return results.All(r => r.Passed) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Run one script; on mismatch write <c>NAME.received</c> and return a unified diff.</summary>
    public static GoldenResult Run(GoldenScript script, bool checkInvariants)
    {
        var (actual, exit) = Execute(script, checkInvariants);
        var expected = File.Exists(script.OutPath) ? File.ReadAllText(script.OutPath).Replace("\r\n", "\n") : string.Empty;
        var same = expected == actual;
        string? diff = null;
        if (!same)
        {
            File.WriteAllText(script.ReceivedPath, actual);
            diff = UnidiffRenderer.GenerateUnidiff(expected, actual, script.OutPath, script.ReceivedPath, ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
        }
        else if (File.Exists(script.ReceivedPath))
        {
            File.Delete(script.ReceivedPath);
        }
        return new GoldenResult(script, same && exit == script.ExpectedExit, actual, exit, diff);
    }

    /// <summary>The output and exit code of <c>mmdsl run NAME.mm ARGS</c>, with paths shown relative to the script.</summary>
    public static (string Output, int ExitCode) Execute(GoldenScript script, bool checkInvariants)
    {
        var output = new StringWriter { NewLine = "\n" };
        var kernel = ArgValue(script.Args, "--kernel") ?? ArgValue(script.Args, "-k");
        var options = new RunOptions
        {
            Kernel = kernel,
            Trace = script.Args.Contains("--trace"),
            Full = script.Args.Contains("--full"),
            NoCSharp = script.Args.Contains("--no-csharp"),
            CheckInvariants = checkInvariants,
            Snippets = SnippetHosts.Factory,
        };
        var source = new SourceText(Path.GetFileName(script.Path), File.ReadAllText(script.Path).Replace("\r\n", "\n"))
        {
            BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(script.Path)),
        };
        var exit = ScriptRunner.Run(source, options, output);
        return (output.ToString(), exit);
    }

    private static string? ArgValue(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
