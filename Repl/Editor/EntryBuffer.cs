using RadLine;

namespace MmDsl.Repl.Editor;

/// <summary>
/// The entry being edited: one or more lines (a block keeps its lines), each a RadLine
/// <see cref="LineBuffer"/> with its own cursor, and the line the cursor is on.
/// </summary>
internal sealed class EntryBuffer
{
    private readonly List<LineBuffer> _lines = [new LineBuffer()];

    public int LineIndex { get; private set; }

    public int LineCount => _lines.Count;

    /// <summary>The line the cursor is on.</summary>
    public LineBuffer Line => _lines[LineIndex];

    public LineBuffer this[int index] => _lines[index];

    public bool IsFirstLine => LineIndex == 0;

    public bool IsLastLine => LineIndex == _lines.Count - 1;

    public string Text => string.Join('\n', _lines.Select(l => l.Content));

    public bool IsEmpty => _lines.Count == 1 && _lines[0].Length == 0;

    /// <summary>The text before the cursor, over all lines.</summary>
    public string TextBeforeCursor =>
        string.Join('\n', _lines.Take(LineIndex).Select(l => l.Content).Append(Line.Content[..Line.Position]));

    /// <summary>Replace everything; the cursor goes to the end.</summary>
    public void SetText(string text)
    {
        _lines.Clear();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            _lines.Add(new LineBuffer(line));
        }
        LineIndex = _lines.Count - 1;
        Line.MoveEnd();
    }

    public void Clear() => SetText(string.Empty);

    /// <summary>Split the line at the cursor; the cursor goes to the start of the new line.</summary>
    public void SplitLine()
    {
        var line = Line;
        var tail = line.Content[line.Position..];
        line.Clear(line.Position, tail.Length);
        var next = new LineBuffer(tail);
        next.MoveHome();
        _lines.Insert(LineIndex + 1, next);
        LineIndex++;
    }

    /// <summary>Backspace at the start of a line: join it to the line above.</summary>
    public bool JoinWithPrevious()
    {
        if (LineIndex == 0)
        {
            return false;
        }
        var tail = Line.Content;
        _lines.RemoveAt(LineIndex);
        LineIndex--;
        var line = Line;
        line.MoveEnd();
        var at = line.Position;
        line.Insert(tail);
        line.Move(at);
        return true;
    }

    /// <summary>Delete at the end of a line: pull the next line up.</summary>
    public bool JoinWithNext()
    {
        if (IsLastLine)
        {
            return false;
        }
        var at = Line.Position;
        var next = _lines[LineIndex + 1].Content;
        _lines.RemoveAt(LineIndex + 1);
        Line.MoveEnd();
        Line.Insert(next);
        Line.Move(at);
        return true;
    }

    /// <summary>Move to another line, keeping the column where it can.</summary>
    public bool MoveToLine(int index)
    {
        if (index < 0 || index >= _lines.Count || index == LineIndex)
        {
            return false;
        }
        var column = Line.Position;
        LineIndex = index;
        Line.Move(Math.Min(column, Line.Length));
        return true;
    }

    public void MoveToEnd()
    {
        LineIndex = _lines.Count - 1;
        Line.MoveEnd();
    }
}
