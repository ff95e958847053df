using System.Text;
using RadLine;

namespace MmDsl.Repl.Editor;

/// <summary>
/// Tab completion as bash does it: one choice is inserted whole, several insert what they have
/// in common, and a second Tab lists them. The choices come from the
/// <see cref="EditorOptions.Completion"/> source, asked with RadLine's (prefix, word, suffix).
/// </summary>
internal sealed partial class PromptEditor
{
    private int _tabPresses;

    /// <summary>Characters that end a word being completed.</summary>
    private static bool Breaks(char c) => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or ';' or '{' or '}' or '+' or '*' or '=' or '"' or '<' or '>' or '!';

    internal void Complete()
    {
        if (_terminal.Keys.IsKeyAvailable())
        {
            // A Tab followed at once by more keys is pasted text, not a request for choices.
            new InsertCommand("    ").Execute(new LineEditorContext(_buffer.Line));
            return;
        }
        _tabPresses++;
        var line = _buffer.Line;
        var start = line.Position;
        while (start > 0 && !Breaks(line.Content[start - 1]))
        {
            start--;
        }
        var word = line.Content[start..line.Position];
        var before = _buffer.TextBeforeCursor;
        var prefix = before[..(before.Length - word.Length)];
        var suffix = line.Content[line.Position..];
        var choices = (_options.Completion?.GetCompletions(prefix, word, suffix) ?? [])
            .Where(c => c.StartsWith(word, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (choices.Count == 0)
        {
            return;
        }
        if (choices.Count == 1)
        {
            var choice = choices[0];
            var space = choice.EndsWith('/') || choice.EndsWith('(') || suffix.StartsWith(' ') ? string.Empty : " ";
            Replace(start, word, choice + space);
            _tabPresses = 0;
            return;
        }
        var common = CommonPrefix(choices);
        if (common.Length > word.Length)
        {
            Replace(start, word, common);
            _tabPresses = 0;
            return;
        }
        if (_tabPresses >= 2)
        {
            _renderer.WriteBelow(View(), Columns(choices, _terminal.Width));
        }
    }

    private void Replace(int start, string word, string text)
    {
        var line = _buffer.Line;
        line.Clear(start, word.Length);
        line.Move(start);
        new InsertCommand(text).Execute(new LineEditorContext(line));
    }

    private static string CommonPrefix(IReadOnlyList<string> words)
    {
        var length = words[0].Length;
        foreach (var w in words)
        {
            length = Math.Min(length, w.Length);
            for (var i = 0; i < length; i++)
            {
                if (w[i] != words[0][i])
                {
                    length = i;
                    break;
                }
            }
        }
        return words[0][..length];
    }

    /// <summary>Choices in columns, down then across, as bash lists them.</summary>
    public static string Columns(IReadOnlyList<string> words, int width)
    {
        var cell = words.Max(w => w.Length) + 2;
        var columns = Math.Max(1, width / cell);
        var rows = (words.Count + columns - 1) / columns;
        var sb = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var i = c * rows + r;
                if (i < words.Count)
                {
                    sb.Append(c == columns - 1 || i + rows >= words.Count ? words[i] : words[i].PadRight(cell));
                }
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
