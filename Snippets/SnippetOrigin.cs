using MmDsl.Language.Text;

namespace MmDsl.Snippets;

/// <summary>
/// Where a snippet's code sits in its script: <see cref="Length"/> characters from <see cref="Start"/>
/// in <see cref="Source"/> (just after the <c>{</c> of <c>cs {</c>, or a whole <c>.csx</c> file), so
/// that a position the compiler or a stack frame gives inside the code maps back to the script.
/// <see cref="Command"/> is the whole command, for errors that have no position of their own.
/// </summary>
internal sealed record SnippetOrigin(SourceText Source, int Start, int Length, Span Command)
{
    private string Code => Source.Text.Substring(Start, Length);

    /// <summary>The script span of <paramref name="length"/> characters at <paramref name="offset"/> in the code.</summary>
    public Span At(int offset, int length)
    {
        var start = Math.Clamp(Start + offset, 0, Source.Text.Length);
        return new Span(Source, start, Math.Clamp(length, 0, Source.Text.Length - start));
    }

    /// <summary>
    /// The script span at a 1-based <paramref name="line"/> and <paramref name="column"/> of the code,
    /// to the end of that line; with no column, from the line's first non-blank character.
    /// </summary>
    public Span AtLine(int line, int column)
    {
        var code = Code;
        var lineStart = 0;
        for (var l = 1; l < line && lineStart < code.Length; l++)
        {
            var next = code.IndexOf('\n', lineStart);
            lineStart = next < 0 ? code.Length : next + 1;
        }
        var lineEnd = code.IndexOf('\n', lineStart);
        if (lineEnd < 0)
        {
            lineEnd = code.Length;
        }
        var offset = lineStart + Math.Max(0, column - 1);
        if (column <= 0)
        {
            while (offset < lineEnd && char.IsWhiteSpace(code[offset]))
            {
                offset++;
            }
        }
        offset = Math.Min(offset, lineEnd);
        return At(offset, code[offset..lineEnd].TrimEnd().Length);
    }
}
