using System.Text;
using MmDsl.Repl.Terminal;

namespace MmDsl.Repl.Editor;

/// <summary>What the screen should show: each line's prompt and text, painted, and where the cursor is.</summary>
internal sealed record EntryView(
    IReadOnlyList<string> Prompts,
    IReadOnlyList<string> PaintedPrompts,
    IReadOnlyList<string> Lines,
    IReadOnlyList<string> PaintedLines,
    int CursorLine,
    int CursorColumn);

/// <summary>
/// Draws the entry under edit. Each draw goes back to the entry's first row, clears to the end
/// of the screen and writes every line again, wrapping long lines at the terminal's width itself
/// (so the cursor's row and column are always known), then puts the cursor in place.
/// </summary>
internal sealed class EntryRenderer
{
    private const string HideCursor = "\u001b[?25l";
    private const string ShowCursor = "\u001b[?25h";

    private readonly ITerminal _terminal;

    /// <summary>The cursor's row, counted from the entry's first row, after the last draw.</summary>
    private int _cursorRow;

    public EntryRenderer(ITerminal terminal)
    {
        _terminal = terminal;
    }

    public void Draw(EntryView view) => _terminal.Write(Build(view));

    /// <summary>Draw with the cursor after the last line, then leave the entry for good.</summary>
    public void Finish(EntryView view, string tail = "")
    {
        var last = view.Lines.Count - 1;
        _terminal.Write(Build(view with { CursorLine = last, CursorColumn = view.Lines[last].Length }) + tail + "\r\n");
        _cursorRow = 0;
    }

    /// <summary>Clear the screen (Ctrl-L) and draw the entry at the top.</summary>
    public void ClearScreen(EntryView view)
    {
        _cursorRow = 0;
        _terminal.Write("\u001b[H\u001b[2J" + Build(view));
    }

    /// <summary>Write <paramref name="text"/> below the entry and draw the entry again under it.</summary>
    public void WriteBelow(EntryView view, string text)
    {
        Finish(view);
        _terminal.Write(text.Replace("\n", "\r\n"));
        Draw(view);
    }

    private string Build(EntryView view)
    {
        var width = Math.Max(10, _terminal.Width);
        var sb = new StringBuilder(HideCursor);
        if (_cursorRow > 0)
        {
            sb.Append("\u001b[").Append(_cursorRow).Append('A');
        }
        sb.Append("\r\u001b[J");
        var rows = 0;
        var targetRow = 0;
        var targetColumn = 0;
        for (var i = 0; i < view.Lines.Count; i++)
        {
            if (i > 0)
            {
                sb.Append("\r\n");
            }
            sb.Append(view.PaintedPrompts[i]).Append(view.PaintedLines[i]);
            var length = view.Prompts[i].Length + view.Lines[i].Length;
            if (length > 0 && length % width == 0)
            {
                // The terminal waits at the last column; make it wrap so the next row is real.
                sb.Append(" \r\u001b[K");
            }
            if (i == view.CursorLine)
            {
                var at = view.Prompts[i].Length + view.CursorColumn;
                targetRow = rows + at / width;
                targetColumn = at % width;
            }
            rows += length / width + 1;
        }
        var up = rows - 1 - targetRow;
        if (up > 0)
        {
            sb.Append("\u001b[").Append(up).Append('A');
        }
        sb.Append('\r');
        if (targetColumn > 0)
        {
            sb.Append("\u001b[").Append(targetColumn).Append('C');
        }
        sb.Append(ShowCursor);
        _cursorRow = targetRow;
        return sb.ToString();
    }
}
