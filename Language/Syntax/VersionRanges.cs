using MmDsl.Language.Text;

namespace MmDsl.Language.Syntax;

/// <summary>
/// The words that name kernel versions in a script: <c>5.8</c>, <c>5.10.223</c>, <c>5.9-5.17</c>,
/// <c>&lt;=5.7</c>, <c>&gt;=6.9</c>, <c>6.15+</c> (<c>expect ... fails on</c>, and the <c># host</c> and
/// <c># vm</c> marks of the live backend).
/// </summary>
internal static class VersionRanges
{
    /// <summary>The range TEXT names, or null when it names none.</summary>
    public static VersionRange? Parse(string text, Span span)
    {
        if (text.StartsWith("<=", StringComparison.Ordinal) && Plain(text[2..]))
        {
            return new VersionRange(text, null, text[2..], span);
        }
        if (text.StartsWith(">=", StringComparison.Ordinal) && Plain(text[2..]))
        {
            return new VersionRange(text, text[2..], null, span);
        }
        if (text.EndsWith('+') && Plain(text[..^1]))
        {
            return new VersionRange(text, text[..^1], null, span);
        }
        var dash = text.IndexOf('-');
        if (dash > 0 && Plain(text[..dash]) && Plain(text[(dash + 1)..]))
        {
            return new VersionRange(text, text[..dash], text[(dash + 1)..], span);
        }
        return Plain(text) ? new VersionRange(text, text, text, span) : null;
    }

    /// <summary>A version of two or three numbers: <c>5.10</c>, <c>5.10.223</c>.</summary>
    private static bool Plain(string text)
    {
        var parts = text.Split('.');
        return parts.Length is 2 or 3 && parts.All(p => p.Length is > 0 and <= 9 && p.All(char.IsAsciiDigit));
    }
}
