using MmDsl.Repl.Terminal;
using RadLine;
using Spectre.Console;

namespace MmDsl.Repl.Editor;

/// <summary>What the editor asks of the program around it; it knows nothing of MmDsl itself.</summary>
internal sealed class EditorOptions
{
    /// <summary>The prompt of each line of the entry: line 0 the prompt, the others the continuation.</summary>
    public required Func<int, string> Prompt { get; init; }

    /// <summary>Whether Enter should open a new line rather than submit (an open block).</summary>
    public Func<string, bool> NeedsMoreInput { get; init; } = _ => false;

    /// <summary>Styled spans of the entry's text, for highlighting as you type.</summary>
    public Func<string, IReadOnlyList<StyledSpan>>? Highlight { get; init; }

    /// <summary>Tab completion: RadLine's completion protocol (text before the word, the word, text after).</summary>
    public ITextCompletion? Completion { get; init; }

    public EntryHistory History { get; init; } = new();

    public Style? PromptStyle { get; init; }
}

/// <summary>
/// A readline-style editor for one entry at a time, built on RadLine's line buffers, key
/// bindings and commands: Emacs keys, multi-line blocks decided by the input, history filtered
/// by the typed prefix, Ctrl-R search, Tab completion that lists choices as bash does, and
/// highlighting as you type. Ctrl-C clears the entry; Ctrl-D on an empty entry ends input.
/// </summary>
internal sealed partial class PromptEditor
{
    private readonly ITerminal _terminal;
    private readonly EditorOptions _options;
    private readonly EntryRenderer _renderer;
    private readonly EntryBuffer _buffer = new();
    private readonly KeyBindings _keys;
    private bool _done;
    private string? _result;

    public PromptEditor(ITerminal terminal, EditorOptions options)
    {
        _terminal = terminal;
        _options = options;
        _renderer = new EntryRenderer(terminal);
        _keys = KeyMap.Create(this);
    }

    public EntryHistory History => _options.History;

    /// <summary>Raised when the editor is about to wait for a key that has not come yet.</summary>
    public event Action? Idle;

    /// <summary>The entry as it stands (tests).</summary>
    public EntryBuffer Buffer => _buffer;

    /// <summary>Read one entry: its text (lines joined with <c>\n</c>), or null at end of input (Ctrl-D).</summary>
    public string? ReadEntry()
    {
        _buffer.Clear();
        _done = false;
        _result = null;
        _search = null;
        ResetHistoryWalk();
        Draw();
        while (!_done)
        {
            if (Idle is { } idle && !_terminal.Keys.IsKeyAvailable())
            {
                idle();
            }
            Handle(_terminal.Keys.ReadKey());
        }
        return _result;
    }

    /// <summary>Act on one key.</summary>
    public void Handle(ConsoleKeyInfo key)
    {
        if (_search is not null && !HandleSearchKey(key))
        {
            return;
        }
        var command = Resolve(key);
        if (command is null)
        {
            return;
        }
        var tabs = _tabPresses;
        command.Execute(new LineEditorContext(_buffer.Line));
        if (command is not HistoryCommand)
        {
            ResetHistoryWalk();
        }
        if (_tabPresses == tabs)
        {
            _tabPresses = 0;
        }
        // A paste arrives as a burst of keys: draw once when it is all in, not once per key, so
        // that a long pasted line costs its length, not its length squared.
        if (!_done && (_search is not null || !_terminal.Keys.IsKeyAvailable()))
        {
            Draw();
        }
    }

    private LineEditorCommand? Resolve(ConsoleKeyInfo key)
    {
        var modifiers = key.Modifiers & (ConsoleModifiers.Alt | ConsoleModifiers.Control);
        if (modifiers == 0 && key.KeyChar != 0 && !char.IsControl(key.KeyChar))
        {
            return new InsertCommand(key.KeyChar);
        }
        var all = key.Modifiers;
        return _keys.GetCommand(key.Key, all == 0 ? null : all);
    }

    private void Draw() => _renderer.Draw(View());

    /// <summary>The screen's content for the entry as it stands.</summary>
    private EntryView View()
    {
        if (_search is not null)
        {
            return SearchView(_search);
        }
        var text = _buffer.Text;
        var lines = text.Split('\n');
        var prompts = Enumerable.Range(0, lines.Length).Select(_options.Prompt).ToArray();
        return new EntryView(
            prompts,
            prompts.Select(p => Sgr.Paint(p, _options.PromptStyle)).ToArray(),
            lines,
            Paint(text),
            _buffer.LineIndex,
            _buffer.Line.Position);
    }

    private IReadOnlyList<string> Paint(string text)
    {
        if (_options.Highlight is null)
        {
            return text.Split('\n');
        }
        try
        {
            return Painter.PaintLines(text, _options.Highlight(text));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Highlighting is a help, never a reason to lose the line being typed.
            return text.Split('\n');
        }
    }

    /// <summary>Leave the entry: draw it whole, move below it, and return <paramref name="result"/>.</summary>
    private void Leave(string? result, string tail = "")
    {
        _search = null;
        var view = View();
        _renderer.Finish(view, tail);
        _result = result;
        _done = true;
    }
}
