using MmDsl.Language.Parsing;
using MmDsl.Repl.Assist;
using MmDsl.Repl.Cli;
using MmDsl.Repl.Editor;
using MmDsl.Repl.Evaluation;
using MmDsl.Repl.Terminal;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl;

/// <summary>
/// The loop between the prompt and the engine: read an entry with the editor, run it, print
/// what became of it, again. Ctrl-C at the prompt is a key the editor reads (it clears the
/// line); while an entry runs it is a signal that cancels the entry.
/// </summary>
internal sealed class ReplLoop
{
    private readonly ReplEngine _engine;
    private readonly PromptEditor _editor;
    private readonly TextWriter _output;

    public ReplLoop(RunOptions options, ITerminal terminal, TextWriter output, bool colour, EntryHistory history, KernelVersion? version = null)
    {
        _output = output;
        _engine = new ReplEngine(options, colour ? new OutputColorizer(output) : output, version);
        var highlighter = new ScriptHighlighter(_engine.Session);
        _editor = new PromptEditor(terminal, new EditorOptions
        {
            Prompt = line => line == 0 ? _engine.Where + "> " : new string('.', _engine.Where.Length) + "> ",
            NeedsMoreInput = ScriptParser.NeedsMoreInput,
            Highlight = colour ? highlighter.Highlight : null,
            Completion = new ScriptCompletion(_engine.Session),
            History = history,
            PromptStyle = colour ? Theme.Prompt : null,
        });
        _editor.Idle += StartWarmUp;
        _editor.Idle += WarmUpSnippetsWhenTyped;
    }

    /// <summary>
    /// Typing <c>cs</c> or <c>expect {</c> starts compiling the first snippet in the background, so
    /// that Roslyn is ready when the block is entered.
    /// </summary>
    private void WarmUpSnippetsWhenTyped()
    {
        var text = _editor.Buffer.Text.TrimStart();
        if (text.StartsWith("cs", StringComparison.Ordinal) || text.StartsWith("expect {", StringComparison.Ordinal) || text.Contains("\ncs", StringComparison.Ordinal))
        {
            _editor.Idle -= WarmUpSnippetsWhenTyped;
            _engine.WarmUpSnippets();
        }
    }

    /// <param name="script"><c>-i FILE</c>: run it into the session before the first prompt.</param>
    public int Run(string? script = null)
    {
        _output.WriteLine("MmDsl: type 'help' for commands, Tab to complete, Ctrl-D to leave.");
        if (script is not null)
        {
            CancelKey.Reset();
            Report(_engine.RunFile(script, CancelKey.Token));
        }
        while (true)
        {
            var entry = ReadEntry();
            if (entry is null)
            {
                return ExitCodes.Ok;
            }
            if (entry.Trim().Length == 0)
            {
                continue;
            }
            _editor.History.Add(entry);
            Evaluate(entry);
        }
    }

    /// <summary>Once the first prompt is up, compile the rest in the background while the user types.</summary>
    private void StartWarmUp()
    {
        _editor.Idle -= StartWarmUp;
        WarmUp.Start();
    }

    private string? ReadEntry()
    {
        SetControlCAsKey(true);
        try
        {
            return _editor.ReadEntry();
        }
        finally
        {
            SetControlCAsKey(false);
        }
    }

    private void Evaluate(string entry)
    {
        CancelKey.Reset();
        Report(_engine.Evaluate(entry, CancelKey.Token));
    }

    private void Report(EvaluationResult result)
    {
        if (result is EvaluationResult.Cancelled cancelled)
        {
            _output.WriteLine(cancelled.RolledBack is { } command
                ? $"interrupted: '{Short(command)}' undone, the machine is as it was before it"
                : "interrupted");
        }
        _output.Flush();
    }

    private static string Short(string command)
    {
        var line = command.Split('\n')[0].TrimEnd();
        if (line.Length > 48)
        {
            return line[..44].TrimEnd() + " ...";
        }
        return command.Contains('\n') ? line + " ..." : line;
    }

    private static void SetControlCAsKey(bool value)
    {
        try
        {
            Console.TreatControlCAsInput = value;
        }
        catch (IOException)
        {
            // No terminal to configure.
        }
    }
}
