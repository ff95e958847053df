using MmDsl.Language.Text;
using MmDsl.Engine.Checks;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;
using MmDsl.Snippets;

namespace MmDsl.Runtime.Tests.Snippets;

/// <summary>A session as the REPL runs it (errors do not stop it), with C# snippets, driven entry by entry.</summary>
internal sealed class SnippetSession
{
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private int _entry;

    public SnippetSession(bool stopOnError = false)
    {
        Session = new Session(_output);
        Host = new SessionServices(() => new SnippetHost()) { KeepUndo = true };
        Interpreter = new Interpreter(Session) { Host = Host, StopOnError = stopOnError };
    }

    public Session Session { get; }

    public SessionServices Host { get; }

    public Interpreter Interpreter { get; }

    /// <summary>Run one entry named <c>test.mm</c> and return what it printed.</summary>
    public string Run(string text, string path = "test.mm")
    {
        _entry++;
        var start = _output.GetStringBuilder().Length;
        Interpreter.RunText(new SourceText(path, text) { BaseDirectory = Directory.GetCurrentDirectory() });
        return _output.GetStringBuilder().ToString(start, _output.GetStringBuilder().Length - start);
    }

    /// <summary>Run an entry that must not fail, and return its output.</summary>
    public string Ok(string text, string path = "test.mm")
    {
        var errors = Session.Errors;
        var output = Run(text, path);
        Assert.True(Session.Errors == errors, $"unexpected error in:\n{text}\n---\n{output}");
        return output;
    }

    /// <summary>The engine's invariants hold.</summary>
    public void AssertConsistent()
    {
        var problems = InvariantChecker.Check(Session.Machine);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
