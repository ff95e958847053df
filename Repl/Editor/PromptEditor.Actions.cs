using RadLine;

namespace MmDsl.Repl.Editor;

/// <summary>A key's action on the editor (RadLine's command type, so that it lives in RadLine's key bindings).</summary>
internal class EditorCommand : LineEditorCommand
{
    private readonly Action _action;

    public EditorCommand(Action action)
    {
        _action = action;
    }

    public override void Execute(LineEditorContext context) => _action();
}

/// <summary>An action that walks the history: it keeps the walk going instead of ending it.</summary>
internal sealed class HistoryCommand : EditorCommand
{
    public HistoryCommand(Action action)
        : base(action)
    {
    }
}

internal sealed partial class PromptEditor
{
    private string _killed = string.Empty;

    /// <summary>Enter: run the entry if it is complete, else open a new line (a block is open).</summary>
    internal void Submit()
    {
        var text = _buffer.Text;
        if (_options.NeedsMoreInput(text))
        {
            _buffer.SplitLine();
            return;
        }
        Leave(text);
    }

    /// <summary>Alt-Enter: a new line, whatever the entry holds.</summary>
    internal void NewLine() => _buffer.SplitLine();

    /// <summary>Ctrl-C: drop the entry and start a fresh one, as bash does.</summary>
    internal void Interrupt()
    {
        Leave(null, "^C");
        _buffer.Clear();
        _done = false;
        ResetHistoryWalk();
    }

    /// <summary>Ctrl-D: end of input on an empty entry, else delete the character under the cursor.</summary>
    internal void EndOfInputOrDelete()
    {
        if (_buffer.IsEmpty)
        {
            Leave(null);
            return;
        }
        Delete();
    }

    internal void Backspace()
    {
        if (_buffer.Line.AtBeginning)
        {
            _buffer.JoinWithPrevious();
            return;
        }
        new BackspaceCommand().Execute(new LineEditorContext(_buffer.Line));
    }

    internal void Delete()
    {
        if (_buffer.Line.AtEnd)
        {
            _buffer.JoinWithNext();
            return;
        }
        new DeleteCommand().Execute(new LineEditorContext(_buffer.Line));
    }

    /// <summary>Ctrl-K: kill to the end of the line.</summary>
    internal void KillToEnd()
    {
        var line = _buffer.Line;
        Kill(line.Position, line.Length);
    }

    /// <summary>Ctrl-U: kill to the start of the line.</summary>
    internal void KillToStart() => Kill(0, _buffer.Line.Position);

    /// <summary>Ctrl-W: kill the blank-separated word before the cursor (unix-word-rubout).</summary>
    internal void KillWordBefore()
    {
        var line = _buffer.Line;
        var start = line.Position;
        while (start > 0 && char.IsWhiteSpace(line.Content[start - 1]))
        {
            start--;
        }
        while (start > 0 && !char.IsWhiteSpace(line.Content[start - 1]))
        {
            start--;
        }
        Kill(start, line.Position);
    }

    /// <summary>Alt-D: kill to the end of the next word.</summary>
    internal void KillWordAfter()
    {
        var line = _buffer.Line;
        var end = line.Position;
        while (end < line.Length && !char.IsLetterOrDigit(line.Content[end]))
        {
            end++;
        }
        while (end < line.Length && char.IsLetterOrDigit(line.Content[end]))
        {
            end++;
        }
        Kill(line.Position, end);
    }

    /// <summary>Ctrl-Y: insert the text killed last.</summary>
    internal void Yank() => new InsertCommand(_killed).Execute(new LineEditorContext(_buffer.Line));

    private void Kill(int start, int end)
    {
        if (end <= start)
        {
            return;
        }
        var line = _buffer.Line;
        _killed = line.Content[start..end];
        line.Clear(start, end - start);
        line.Move(start);
    }

    /// <summary>Ctrl-L: clear the screen, keep the entry.</summary>
    internal void ClearScreen() => _renderer.ClearScreen(View());

    /// <summary>Up: the line above inside a block, else an older entry that starts with what was typed.</summary>
    internal void Up()
    {
        if (!_buffer.IsFirstLine && _historyIndex < 0)
        {
            _buffer.MoveToLine(_buffer.LineIndex - 1);
            return;
        }
        OlderEntry();
    }

    /// <summary>Down: the line below inside a block, else a newer entry, and at last the text typed.</summary>
    internal void Down()
    {
        if (!_buffer.IsLastLine && _historyIndex < 0)
        {
            _buffer.MoveToLine(_buffer.LineIndex + 1);
            return;
        }
        NewerEntry();
    }
}
