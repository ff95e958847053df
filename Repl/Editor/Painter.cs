using System.Text;
using MmDsl.Repl.Terminal;
using Spectre.Console;

namespace MmDsl.Repl.Editor;

/// <summary>A stretch of the entry's text and the style to show it in.</summary>
internal readonly record struct StyledSpan(int Start, int Length, Style Style);

/// <summary>Turns an entry's text and its styled spans into painted lines.</summary>
internal static class Painter
{
    /// <summary>
    /// The lines of <paramref name="text"/> (split at <c>\n</c>) with the spans' styles applied;
    /// spans are offsets into the whole text, in order, and may cross lines.
    /// </summary>
    public static string[] PaintLines(string text, IReadOnlyList<StyledSpan> spans)
    {
        var lines = text.Split('\n');
        var painted = new string[lines.Length];
        var lineStart = 0;
        var next = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineEnd = lineStart + line.Length;
            var sb = new StringBuilder();
            var at = lineStart;
            while (next < spans.Count && spans[next].Start + spans[next].Length <= lineStart)
            {
                next++;
            }
            for (var s = next; s < spans.Count && spans[s].Start < lineEnd; s++)
            {
                var start = Math.Max(spans[s].Start, at);
                var end = Math.Min(spans[s].Start + spans[s].Length, lineEnd);
                if (end <= start)
                {
                    continue;
                }
                sb.Append(text, at, start - at);
                sb.Append(Sgr.Paint(text[start..end], spans[s].Style));
                at = end;
            }
            sb.Append(text, at, lineEnd - at);
            painted[i] = sb.ToString();
            lineStart = lineEnd + 1;
        }
        return painted;
    }
}
