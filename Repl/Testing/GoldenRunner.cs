using DiffPlex.Renderer;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Testing;

/// <summary>The outcome of one golden script.</summary>
internal sealed record GoldenResult(GoldenScript Script, bool Passed, string Actual, int ExitCode, string? Diff);

/// <summary>
/// <c>mmdsl test</c>: run each script, compare its output with <c>NAME.out</c>, write
/// <c>NAME.received</c> and a unified diff on mismatch; <c>--accept</c> rewrites the golden file.
/// </summary>
internal static class GoldenRunner
{
    public static int RunAll(IEnumerable<string> paths, bool accept, TextWriter output)
    {
        var scripts = GoldenScript.Find(paths, includeNew: accept);
        if (scripts.Count == 0)
        {
            output.WriteLine("mmdsl test: no NAME.mm with a NAME.out beside it found");
            return ExitCodes.Usage;
        }
        var failed = 0;
        foreach (var script in scripts)
        {
            var result = Run(script, checkInvariants: false);
            if (accept && result.Diff is not null && result.ExitCode != ExitCodes.Usage)
            {
                File.WriteAllText(script.OutPath, result.Actual);
                File.Delete(script.ReceivedPath);
                output.WriteLine($"wrote {script.OutPath}");
                result = result with { Diff = null, Passed = result.ExitCode == script.ExpectedExit };
            }
            if (result.Passed)
            {
                output.WriteLine($"ok    {script.Path}");
                continue;
            }
            failed++;
            output.WriteLine($"FAIL  {script.Path}");
            if (result.ExitCode != script.ExpectedExit)
            {
                output.WriteLine($"  exit code {result.ExitCode}, expected {script.ExpectedExit}");
            }
            if (result.Diff is not null)
            {
                output.Write(result.Diff);
            }
        }
        output.WriteLine($"{scripts.Count - failed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
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
