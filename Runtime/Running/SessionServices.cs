using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Engine.Checks;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Running;

/// <summary>
/// The session services around the interpreter: history, <c>save</c>, <c>undo</c> (a snapshot
/// before each command that changes state), the invariant checker after every command (tests),
/// and C# snippets through an <see cref="ISnippetHost"/> that is created only when first needed.
/// </summary>
internal sealed class SessionServices : IInterpreterHost
{
    private readonly Stack<(SessionSnapshot State, int HistoryCount)> _undo = new();
    private readonly Lazy<ISnippetHost>? _snippets;
    private readonly Func<ISnippetHost>? _snippetFactory;

    /// <summary>Commands begun and not finished: more than one while a snippet runs commands.</summary>
    private int _running;

    /// <summary>Where the outermost running command began: the undo depth, the history length, its text.</summary>
    private (int Undo, int History, string Text) _began;

    public SessionServices(Func<ISnippetHost>? snippetFactory = null)
    {
        _snippets = snippetFactory is null ? null : new Lazy<ISnippetHost>(snippetFactory, LazyThreadSafetyMode.ExecutionAndPublication);
        _snippetFactory = snippetFactory;
    }

    /// <summary>Take a snapshot before each command so that <c>undo</c> can return to it.</summary>
    public bool KeepUndo { get; init; }

    /// <summary>Run the invariant checker after every command and fail the command on a violation.</summary>
    public bool CheckInvariants { get; init; }

    /// <summary>Successful commands, as typed.</summary>
    public List<string> History { get; } = [];

    /// <summary>The snippet host, if a snippet has run (Roslyn is loaded only then).</summary>
    public ISnippetHost? Snippets => _snippets is { IsValueCreated: true } s ? s.Value : null;

    /// <summary>
    /// Start loading and warming up the C# compiler in the background, so that the first snippet
    /// does not wait for it (the REPL calls this when its script has snippets or the user types
    /// <c>cs</c>). Does nothing when the host has no snippets.
    /// </summary>
    public Task WarmUpSnippets() =>
        _snippets is { } snippets ? Task.Run(() => snippets.Value.WarmUpAsync()) : Task.CompletedTask;

    public int InvariantFailures { get; private set; }

    public void BeforeCommand(Interpreter interpreter, Command command)
    {
        if (_running++ == 0)
        {
            _began = (_undo.Count, History.Count, command.Span.Text.Trim());
        }
        if (KeepUndo && ChangesState(command))
        {
            _undo.Push((interpreter.Session.Snapshot(), History.Count));
        }
    }

    public void AfterCommand(Interpreter interpreter, Command command, bool succeeded)
    {
        _running = Math.Max(0, _running - 1);
        if (succeeded && command is not (HistoryCommand or UndoCommand or SaveCommand or HelpCommand or ReportCommand))
        {
            History.Add(command.Span.Text.Trim());
        }
        CheckIfAsked(interpreter, command);
    }

    /// <summary>Commands inside loops and included files are checked too (tests).</summary>
    public void AfterInnerCommand(Interpreter interpreter, Command command) => CheckIfAsked(interpreter, command);

    private void CheckIfAsked(Interpreter interpreter, Command command)
    {
        if (!CheckInvariants)
        {
            return;
        }
        var problems = InvariantChecker.Check(interpreter.Session.Machine);
        if (problems.Count > 0)
        {
            InvariantFailures++;
            interpreter.Session.FailedExpectations++;
            interpreter.Session.Output.WriteLine($"{command.Span}: invariant violated after '{command.Span.Text.Trim()}':");
            foreach (var p in problems)
            {
                interpreter.Session.Output.WriteLine("  " + p);
            }
        }
    }

    public void Undo(Interpreter interpreter, UndoCommand command)
    {
        if (!KeepUndo)
        {
            throw new RuntimeError(command.Span, "undo is available in the REPL and in scripts run with undo enabled");
        }
        if (_undo.Count == 0)
        {
            throw new RuntimeError(command.Span, "nothing to undo");
        }
        var (state, count) = _undo.Pop();
        var undone = History.Count > count ? History[count] : "?";
        interpreter.Session.Restore(state);
        History.RemoveRange(count, History.Count - count);
        interpreter.Session.Output.WriteLine($"undo: {undone}");
    }

    /// <summary>
    /// A command was stopped half way (Ctrl-C): return to the state before it, as if it had never
    /// run, so that the machine, <c>undo</c> and <c>save</c> agree. Returns the command's text, or
    /// null when it had changed nothing that needs undoing.
    /// </summary>
    public string? AbandonCommand(Interpreter interpreter)
    {
        if (_running == 0)
        {
            return null;
        }
        _running = 0;
        var (depth, count, text) = _began;
        if (_undo.Count <= depth)
        {
            return null;
        }
        var state = _undo.Pop().State;
        while (_undo.Count > depth)
        {
            state = _undo.Pop().State;
        }
        interpreter.Session.Restore(state);
        History.RemoveRange(count, History.Count - count);
        return text;
    }

    public void Save(Interpreter interpreter, SaveCommand command)
    {
        var lines = History.Where(h => !IsInspection(h)).ToList();
        try
        {
            File.WriteAllText(command.Path.Path, string.Join("\n", lines.Prepend($"# saved session: {lines.Count} commands")) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeError(command.Path.Span, $"save: {e.Message}");
        }
        interpreter.Session.Output.WriteLine($"save: {lines.Count} commands to {command.Path.Path}");
    }

    /// <summary><c>report [FILE]</c>: the history run again from a fresh machine, step by step, into the page of <c>mmdsl report</c>.</summary>
    public void Report(Interpreter interpreter, ReportCommand command)
    {
        var target = command.Path?.Path ?? "session.html";
        var script = new Language.Text.SourceText("session", string.Join("\n", History) + "\n") { BaseDirectory = Directory.GetCurrentDirectory() };
        var options = new RunOptions
        {
            Kernel = interpreter.PinnedKernel ? interpreter.Session.Version.ToString() : null,
            NoCSharp = interpreter.Session.NoCSharp,
            Cancellation = interpreter.Session.Cancellation,
            Snippets = _snippetFactory,
        };
        try
        {
            MmDsl.Runtime.Running.Report.ReportWriter.Write(script, target, options, interpreter.Session.Output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeError(command.Path?.Span ?? command.Span, $"report: {e.Message}");
        }
    }

    public void PrintHistory(Interpreter interpreter)
    {
        for (var i = 0; i < History.Count; i++)
        {
            interpreter.Session.Output.WriteLine($"{i + 1,4}  {History[i]}");
        }
    }

    void IInterpreterHost.History(Interpreter interpreter, HistoryCommand command) => PrintHistory(interpreter);

    public void CSharp(Interpreter interpreter, CSharpCommand command) =>
        SnippetsFor(interpreter, command).Run(interpreter, command);

    public void CSharpExpect(Interpreter interpreter, CSharpExpectCommand command) =>
        SnippetsFor(interpreter, command).Expect(interpreter, command);

    public void CSharpLoad(Interpreter interpreter, CSharpLoadCommand command) =>
        SnippetsFor(interpreter, command).Load(interpreter, command);

    public Api.Policy DefinePolicy(Interpreter interpreter, PolicyCommand command) =>
        SnippetsFor(interpreter, command).DefinePolicy(interpreter, command);

    public IReadOnlyList<Api.Policy> LoadPolicies(Interpreter interpreter, PolicyLoadCommand command) =>
        SnippetsFor(interpreter, command).LoadPolicies(interpreter, command);

    private ISnippetHost SnippetsFor(Interpreter interpreter, Command command)
    {
        if (interpreter.Session.NoCSharp)
        {
            throw new RuntimeError(command.Span, "C# snippets are disabled (--no-csharp or MMDSL_NO_CSHARP=1)");
        }
        if (_snippets is null)
        {
            throw new RuntimeError(command.Span, "C# snippets are not available in this host");
        }
        return _snippets.Value;
    }

    private static bool ChangesState(Command command) => CommandFacts.Of(command).ChangesState;

    private static bool IsInspection(string text)
    {
        var word = text.Split(' ', 2)[0];
        return word is "show" or "print" or "check" or "help" or "history" or "expect" or "compare";
    }
}

/// <summary>Runs C# snippets against a session (implemented with Roslyn, loaded on first use).</summary>
internal interface ISnippetHost
{
    void Run(Interpreter interpreter, CSharpCommand command);

    void Expect(Interpreter interpreter, CSharpExpectCommand command);

    void Load(Interpreter interpreter, CSharpLoadCommand command);

    Api.Policy DefinePolicy(Interpreter interpreter, PolicyCommand command);

    IReadOnlyList<Api.Policy> LoadPolicies(Interpreter interpreter, PolicyLoadCommand command);

    /// <summary>Compile a first, empty snippet so that the compiler is loaded and warm; safe to call from any thread.</summary>
    Task WarmUpAsync();
}
