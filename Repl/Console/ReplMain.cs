using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Repl.Editor;
using MmDsl.Repl.Evaluation;
using MmDsl.Repl.Terminal;
using MmDsl.Runtime.Hosting;
using MmDsl.Runtime.Interpreter;

namespace MmDsl.Repl;

/// <summary>
/// <c>mmdsl</c> without a script. Piped input is read whole and run as a script named
/// <c>&lt;stdin&gt;</c>, so that <c>mmdsl &lt; x.mm</c> behaves like <c>mmdsl run x.mm</c>; a
/// terminal gets the editor; a terminal whose output goes elsewhere gets plain line reading.
/// </summary>
public static class ReplMain
{
    public static int Run(RunOptions options, TextWriter output)
    {
        if (Console.IsInputRedirected)
        {
            var text = Console.In.ReadToEnd();
            return ScriptRunner.Run(new SourceText("<stdin>", text) { BaseDirectory = Directory.GetCurrentDirectory() }, options, output);
        }
        options = options with { Snippets = options.Snippets ?? SnippetHosts.Factory };
        if (Console.IsOutputRedirected || Environment.GetEnvironmentVariable("TERM") is null or "dumb")
        {
            return Plain(options, output);
        }
        var history = new EntryHistory(EntryHistory.DefaultPath());
        return new ReplLoop(options, new ConsoleTerminal(), output, ColorSupport.ForStandardOutput(), history).Run();
    }

    /// <summary>Line by line without an editor: a terminal that cannot take ANSI, or output to a file.</summary>
    private static int Plain(RunOptions options, TextWriter output)
    {
        var engine = new ReplEngine(options, output);
        output.WriteLine("MmDsl: type 'help' for commands, Ctrl-D to leave.");
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
            if (engine.Evaluate(text, CancelKey.Token) is EvaluationResult.Cancelled cancelled)
            {
                output.WriteLine(cancelled.RolledBack is null ? "interrupted" : $"interrupted: '{cancelled.RolledBack}' undone");
            }
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
