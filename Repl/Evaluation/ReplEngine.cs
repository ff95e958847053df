using MmDsl.Language.Text;
using System.Text.RegularExpressions;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Repl.Evaluation;

/// <summary>
/// The evaluation side of the REPL: one session (machine, names, undo snapshots, history) and
/// the interpreter that runs each entry against it. It knows nothing of terminals.
/// </summary>
internal sealed partial class ReplEngine
{
    private readonly SessionServices _host;
    private readonly Interpreter _interpreter;
    private int _entries;

    public ReplEngine(RunOptions options, TextWriter output, KernelVersion? version = null)
    {
        Session = new Session(output, version) { Trace = options.Trace, Full = options.Full, NoCSharp = options.NoCSharp, Jobs = options.Jobs };
        _host = new SessionServices(options.Snippets) { KeepUndo = true, CheckInvariants = options.CheckInvariants };
        _interpreter = new Interpreter(Session) { Host = _host, StopOnError = false };
    }

    public Session Session { get; }

    /// <summary>The session's successful commands, as <c>history</c> lists them.</summary>
    public IReadOnlyList<string> History => _host.History;

    /// <summary><c>A 6.18</c>: the current process (or <c>-</c>) and the kernel.</summary>
    public string Where => $"{Session.Current ?? "-"} {Session.Version}";

    /// <summary>Start compiling the first C# snippet in the background (the user is typing one).</summary>
    public void WarmUpSnippets()
    {
        if (!Session.NoCSharp)
        {
            _ = _host.WarmUpSnippets();
        }
    }

    /// <summary>
    /// <c>mmdsl -i FILE</c>: run a script into the session before the first prompt. A script with
    /// snippets starts loading the C# compiler first, so that it loads while the commands before
    /// the first snippet run.
    /// </summary>
    public EvaluationResult RunFile(string path, CancellationToken cancellation)
    {
        var text = File.ReadAllText(path);
        if (HasSnippet(text))
        {
            WarmUpSnippets();
        }
        var source = new SourceText(path, text) { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) };
        return Evaluate(source, cancellation);
    }

    /// <summary>A line that starts a <c>cs</c> block, <c>cs load</c> or <c>expect {</c>.</summary>
    public static bool HasSnippet(string text) => SnippetLine().IsMatch(text);

    [GeneratedRegex(@"^[ \t]*(cs\b|expect[ \t]*\{)", RegexOptions.Multiline)]
    private static partial Regex SnippetLine();

    /// <summary>Run one entry. Ctrl-C (<paramref name="cancellation"/>) undoes the command it stopped.</summary>
    public EvaluationResult Evaluate(string text, CancellationToken cancellation) =>
        Evaluate(new SourceText($"<{++_entries}>", text) { BaseDirectory = Directory.GetCurrentDirectory() }, cancellation);

    private EvaluationResult Evaluate(SourceText source, CancellationToken cancellation)
    {
        var errors = Session.Errors + Session.FailedExpectations;
        Session.Cancellation = cancellation;
        try
        {
            _interpreter.RunText(source);
        }
        catch (OperationCanceledException)
        {
            return new EvaluationResult.Cancelled(_host.AbandonCommand(_interpreter));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of the engine, not of the entry: report it, undo the command, go on.
            var undone = _host.AbandonCommand(_interpreter);
            Session.Output.WriteLine($"internal error: {e.GetType().Name}: {e.Message}" +
                (undone is null ? string.Empty : $" (the machine is back as it was before '{undone}')"));
            Session.Errors++;
            return new EvaluationResult.Failed(1);
        }
        finally
        {
            Session.Cancellation = CancellationToken.None;
            Session.Output.Flush();
        }
        var now = Session.Errors + Session.FailedExpectations;
        return now > errors ? new EvaluationResult.Failed(now - errors) : new EvaluationResult.Success();
    }
}
