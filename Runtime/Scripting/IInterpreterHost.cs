using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// What the interpreter asks of whoever runs it: C# snippets (so that Roslyn loads only when a
/// script has one) and the session commands that depend on the session's history.
/// </summary>
internal interface IInterpreterHost
{
    void BeforeCommand(Interpreter interpreter, Command command);

    void AfterCommand(Interpreter interpreter, Command command, bool succeeded);

    /// <summary>After each command inside a block (a loop body, an included file) that printed its own output.</summary>
    void AfterInnerCommand(Interpreter interpreter, Command command)
    {
    }

    /// <summary>After every command inside a block, also those folded into a summary line (the report samples the machine here).</summary>
    void AfterEachInnerCommand(Interpreter interpreter, Command command)
    {
    }

    void CSharp(Interpreter interpreter, CSharpCommand command);

    void CSharpExpect(Interpreter interpreter, CSharpExpectCommand command);

    void CSharpLoad(Interpreter interpreter, CSharpLoadCommand command);

    /// <summary><c>policy NAME : VERSION { members }</c>: the policy, compiled.</summary>
    Api.Policy DefinePolicy(Interpreter interpreter, PolicyCommand command) =>
        throw new RuntimeError(command.Span, "policies are C#, and C# snippets are not available here");

    /// <summary><c>policy load FILE.cs</c>: every policy class the file defines, one instance each.</summary>
    IReadOnlyList<Api.Policy> LoadPolicies(Interpreter interpreter, PolicyLoadCommand command) =>
        throw new RuntimeError(command.Span, "policies are C#, and C# snippets are not available here");

    void Undo(Interpreter interpreter, UndoCommand command);

    void Save(Interpreter interpreter, SaveCommand command);

    void History(Interpreter interpreter, HistoryCommand command);

    /// <summary><c>report [FILE]</c>: the session so far as an HTML page; only a session with a history has one.</summary>
    void Report(Interpreter interpreter, ReportCommand command) =>
        throw new RuntimeError(command.Span, "report is not available here: it needs the session's history (the REPL, mmdsl run)");
}

/// <summary>A host with no snippets and no history: every such command is an error that says so.</summary>
internal sealed class NullHost : IInterpreterHost
{
    public static NullHost Instance { get; } = new();

    public void BeforeCommand(Interpreter interpreter, Command command)
    {
    }

    public void AfterCommand(Interpreter interpreter, Command command, bool succeeded)
    {
    }

    public void CSharp(Interpreter interpreter, CSharpCommand command) =>
        throw new RuntimeError(command.Span, "C# snippets are not available here");

    public void CSharpExpect(Interpreter interpreter, CSharpExpectCommand command) =>
        throw new RuntimeError(command.Span, "C# snippets are not available here");

    public void CSharpLoad(Interpreter interpreter, CSharpLoadCommand command) =>
        throw new RuntimeError(command.Span, "C# snippets are not available here");

    public void Undo(Interpreter interpreter, UndoCommand command) =>
        throw new RuntimeError(command.Span, "undo is not available here");

    public void Save(Interpreter interpreter, SaveCommand command) =>
        throw new RuntimeError(command.Span, "save is not available here");

    public void History(Interpreter interpreter, HistoryCommand command) =>
        throw new RuntimeError(command.Span, "history is not available here");
}
