using System.CommandLine;
using System.Runtime.ExceptionServices;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Cli;

/// <summary>
/// <c>mmdsl run FILE... [--kernel V] [--trace] [--no-csharp]</c>, read without building the
/// System.CommandLine parser: building and invoking it costs more start-up than running a small
/// script. Only the plain spelling of those arguments is taken here; anything else (help, an
/// error, an option written another way, a response file, a word a flag could take as its value)
/// is left to <see cref="CommandLine"/>, so that its messages and exit codes stay the only ones.
/// </summary>
internal static class RunShortcut
{
    /// <summary>
    /// Runs the scripts when <paramref name="args"/> is a plain <c>run</c>; false, having done
    /// nothing, for anything else.
    /// </summary>
    public static bool TryRun(string[] args, TextWriter output, TextWriter error, out int exit)
    {
        exit = 0;
        if (Parse(args) is not { } request)
        {
            return false;
        }
        try
        {
            exit = Run(request, output);
        }
        catch (Exception e)
        {
            exit = ReportAsCommandLine(e, output, error);
        }
        return true;
    }

    private sealed record Request(List<string> Files, string? Kernel, bool Trace, bool NoCSharp);

    private static Request? Parse(string[] args)
    {
        if (args.Length < 2 || args[0] != "run")
        {
            return null;
        }
        var files = new List<string>();
        string? kernel = null;
        bool trace = false, noCSharp = false;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--kernel" or "-k" when kernel is null && i + 1 < args.Length && IsPlain(args[i + 1]):
                    kernel = args[++i];
                    break;
                case "--trace" when !trace:
                    trace = true;
                    break;
                case "--no-csharp" when !noCSharp:
                    noCSharp = true;
                    break;
                default:
                    if (!IsPlain(arg))
                    {
                        return null;
                    }
                    files.Add(arg);
                    break;
            }
        }
        return files.Count == 0 ? null : new Request(files, kernel, trace, noCSharp);
    }

    /// <summary>
    /// A word System.CommandLine could read only as a value: not an option or a help alias, not a
    /// response file, and not <c>true</c> or <c>false</c>, which <c>--trace</c> would take.
    /// </summary>
    private static bool IsPlain(string arg)
    {
        var trimmed = arg.Trim();
        return arg.Length > 0 && arg[0] is not ('-' or '@') && arg is not ("/h" or "/?")
            && !trimmed.Equals("true", StringComparison.OrdinalIgnoreCase)
            && !trimmed.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What the action of <c>run</c> in <see cref="CommandLine"/> does with the same arguments.</summary>
    private static int Run(Request request, TextWriter output)
    {
        var options = new RunOptions
        {
            Kernel = request.Kernel,
            Trace = request.Trace,
            NoCSharp = request.NoCSharp || Environment.GetEnvironmentVariable("MMDSL_NO_CSHARP") == "1",
            Cancellation = CancelKey.Token,
            Snippets = SnippetHosts.Factory,
            Jobs = Environment.ProcessorCount,
        };
        var worst = ExitCodes.Ok;
        foreach (var file in request.Files)
        {
            worst = Math.Max(worst, ScriptRunner.RunFile(file, options, output));
        }
        return worst;
    }

    /// <summary>
    /// An exception out of a run (Ctrl-C's cancellation among them) is reported by
    /// System.CommandLine's own handler, as when it invokes <c>run</c>.
    /// </summary>
    internal static int ReportAsCommandLine(Exception e, TextWriter output, TextWriter error)
    {
        var root = new RootCommand();
        root.SetAction(_ =>
        {
            ExceptionDispatchInfo.Throw(e);
            return ExitCodes.Failed;
        });
        return root.Parse([]).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
