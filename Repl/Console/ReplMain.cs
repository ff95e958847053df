using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Repl.Editor;
using MmDsl.Repl.Evaluation;
using MmDsl.Repl.Terminal;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Repl;

/// <summary>
/// <c>mmdsl</c> without a script (or with <c>-i FILE</c>). Piped input is read whole and run as a script named
/// <c>&lt;stdin&gt;</c>, so that <c>mmdsl &lt; x.mm</c> behaves like <c>mmdsl run x.mm</c>; a
/// terminal gets the editor; a terminal whose output goes elsewhere gets plain line reading.
/// </summary>
internal static class ReplMain
{
    /// <param name="script"><c>-i FILE</c>: a script to run into the session before the first prompt.</param>
    public static int Run(RunOptions options, TextWriter output, string? script = null)
    {
        KernelVersion? version = null;
        if (options.Kernel is { } kernel)
        {
            if (!KernelVersion.TryParse(kernel, out var v))
            {
                output.WriteLine(string.Equals(kernel, "all", StringComparison.OrdinalIgnoreCase)
                    ? "mmdsl: '--kernel all' compares scripts: use it with 'mmdsl run FILE' (in the REPL, 'compare')"
                    : $"mmdsl: '{kernel}' is not a kernel version (try 5.16, 6.1 or latest)");
                return ExitCodes.Usage;
            }
            version = v;
        }
        if (script is not null && !File.Exists(script))
        {
            output.WriteLine($"mmdsl: no such file: {script}");
            return ExitCodes.Usage;
        }
        if (Console.IsInputRedirected)
        {
            var text = Console.In.ReadToEnd();
            if (script is null)
            {
                // Piped input is a script like any other: C# snippets and policies included.
                return ScriptRunner.Run(new SourceText("<stdin>", text) { BaseDirectory = Directory.GetCurrentDirectory() }, options with { Snippets = options.Snippets ?? SnippetHosts.Factory }, output);
            }
            return Piped(options with { Snippets = options.Snippets ?? SnippetHosts.Factory }, version, script, text, output);
        }
        options = options with { Snippets = options.Snippets ?? SnippetHosts.Factory };
        if (Console.IsOutputRedirected || Environment.GetEnvironmentVariable("TERM") is null or "dumb")
        {
            return Plain(options, version, script, output);
        }
        var history = new EntryHistory(EntryHistory.DefaultPath());
        return new ReplLoop(options, new ConsoleTerminal(), output, ColorSupport.ForStandardOutput(), history, version).Run(script);
    }

    /// <summary><c>mmdsl -i FILE &lt; more.mm</c>: the script, then the piped commands, in one session.</summary>
    private static int Piped(RunOptions options, KernelVersion? version, string script, string text, TextWriter output)
    {
        var engine = new ReplEngine(options, output, version);
        var first = engine.RunFile(script, CancelKey.Token);
        var then = engine.Evaluate(text, CancelKey.Token);
        return first is EvaluationResult.Success && then is EvaluationResult.Success ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Line by line without an editor: a terminal that cannot take ANSI, or output to a file.</summary>
    private static int Plain(RunOptions options, KernelVersion? version, string? script, TextWriter output)
    {
        var engine = new ReplEngine(options, output, version);
        output.WriteLine("MmDsl: type 'help' for commands, Ctrl-D to leave.");
        if (script is not null)
        {
            Report(engine.RunFile(script, CancelKey.Token), output);
        }
        while (true)
        {
            output.Write(Prompt(engine.Session, continuation: false));
            var text = ReadEntry(engine.Session, output);
            if (text is null)
            {
                output.WriteLine();
                return ExitCodes.Ok;
            }
            if (text.Trim().Length == 0)
            {
                continue;
            }
            CancelKey.Reset();
            Report(engine.Evaluate(text, CancelKey.Token), output);
        }
    }

    private static void Report(EvaluationResult result, TextWriter output)
    {
        if (result is EvaluationResult.Cancelled cancelled)
        {
            output.WriteLine(cancelled.RolledBack is null ? "interrupted" : $"interrupted: '{cancelled.RolledBack}' undone");
        }
    }

    /// <summary>A line, or several while a block is open.</summary>
    private static string? ReadEntry(Session session, TextWriter output)
    {
        var text = Console.ReadLine();
        if (text is null)
        {
            return null;
        }
        while (ScriptParser.NeedsMoreInput(text))
        {
            output.Write(Prompt(session, continuation: true));
            var more = Console.ReadLine();
            if (more is null)
            {
                break;
            }
            text += "\n" + more;
        }
        return text;
    }

    /// <summary><c>A 6.18&gt; </c>: the current process and the kernel.</summary>
    public static string Prompt(Session session, bool continuation)
    {
        var head = $"{session.Current ?? "-"} {session.Version}";
        return continuation ? new string('.', head.Length) + "> " : head + "> ";
    }
}
