namespace MmDsl.Language.Text;

/// <summary>The text of one script (a file, a REPL entry, a -e argument) and its line table.</summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToArray();
    }

    /// <summary>The name shown in diagnostics: a file path, <c>-e</c> or <c>&lt;stdin&gt;</c>.</summary>
    public string Path { get; }

    public string Text { get; }

    /// <summary>
    /// The directory that relative paths in this text (<c>include</c>) resolve against; when null,
    /// the directory of <see cref="Path"/>.
    /// </summary>
    public string? BaseDirectory { get; init; }

    public int LineCount => _lineStarts.Length;

    /// <summary>1-based line and column of a character offset.</summary>
    public (int Line, int Column) GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string GetLine(int line)
    {
        if (line < 1 || line > _lineStarts.Length)
        {
            return string.Empty;
        }
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] - 1 : Text.Length;
        if (end > start && Text[end - 1] == '\r')
        {
            end--;
        }
        return Text[start..Math.Max(start, end)];
    }
}
