using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Hosting;
using MmDsl.Runtime.Interpreter;

namespace MmDsl.Repl;

/// <summary>
/// The interactive prompt. Piped input is read whole and run as a script named
/// <c>&lt;stdin&gt;</c>, so that <c>mmdsl &lt; x.mm</c> behaves like <c>mmdsl run x.mm</c>.
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
        return Interactive(options, output);
    }

    private static int Interactive(RunOptions options, TextWriter output)
    {
        var session = new Session(output) { Trace = options.Trace, NoCSharp = options.NoCSharp };
        var host = new SessionHost(SnippetHosts.Factory) { KeepUndo = true };
        var interpreter = new Interpreter(session) { Host = host, StopOnError = false };
        output.WriteLine("MmDsl: type 'help' for commands, Ctrl-D to leave.");
        var entry = 0;
        while (true)
        {
            output.Write(Prompt(session, continuation: false));
            var text = ReadEntry(session, output);
            if (text is null)
            {
                output.WriteLine();
                return ExitCodes.Ok;
            }
            if (text.Trim().Length == 0)
            {
                continue;
            }
            entry++;
            CancelKey.Reset();
            session.Cancellation = CancelKey.Token;
            try
            {
                interpreter.RunText(new SourceText($"<{entry}>", text) { BaseDirectory = Directory.GetCurrentDirectory() });
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("interrupted");
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
