using System.Text.RegularExpressions;

namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>Names what a diff row is about, and the step a print row follows, for grouping findings by cause.</summary>
internal static partial class RowKinds
{
    /// <summary><c>present</c> for <c>print present(A, 0x0) #2</c>, <c>outcome of mremap</c> for an outcome row, <c>error</c>.</summary>
    public static string Of(string rowKey)
    {
        if (rowKey == "error")
        {
            return "error";
        }
        if (QueryRow().Match(rowKey) is { Success: true } m)
        {
            return m.Groups[1].Value;
        }
        var word = rowKey.Split(' ', 2)[0];
        return $"outcome of {word}";
    }

    /// <summary>
    /// The operation before the row's line in TEXT (<c>madvise pageout</c>, <c>munmap</c>), for a print
    /// row; the command itself for an outcome row; null when not found.
    /// </summary>
    public static string? StepBefore(string text, string rowKey)
    {
        var lines = text.Split('\n');
        var m = Numbered().Match(rowKey);
        var key = m.Groups[1].Value;
        var n = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() == key && --n == 0)
            {
                for (var j = i; j >= 0; j--)
                {
                    if (IsStep(lines[j]))
                    {
                        return Operation(lines[j]);
                    }
                }
                return null;
            }
        }
        return null;
    }

    /// <summary>A line that changes memory (not a print, comment or blank).</summary>
    public static bool IsStep(string line)
    {
        var t = line.Trim();
        return t.Length > 0 && !t.StartsWith('#') && !t.StartsWith("print ", StringComparison.Ordinal);
    }

    /// <summary><c>madvise pageout</c> for a madvise line, the command word otherwise.</summary>
    public static string Operation(string line)
    {
        var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words[0] switch
        {
            "madvise" or "mprotect" or "set" => $"{words[0]} {words[^1]}",
            "mremap" when words.Contains("to") => "mremap to",
            "read" or "write" when words.Length >= 4 && words[3] != "=" => $"{words[0]} range",
            _ => words[0],
        };
    }

    [GeneratedRegex(@"^(?:print|expect)\s+(\w+)\(")]
    private static partial Regex QueryRow();

    [GeneratedRegex(@"^(.*?)(?: #(\d+))?$")]
    private static partial Regex Numbered();
}
