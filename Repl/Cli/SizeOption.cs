using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MmDsl.Repl.Cli;

/// <summary>An option whose value is a size as scripts write it: <c>64M</c>, <c>1G</c>, <c>512K</c>, <c>65536</c>.</summary>
internal static class SizeOption
{
    public static Option<long?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "SIZE",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (TryParse(text, out var bytes))
            {
                return bytes;
            }
            result.AddError($"'{text}' is not a size (try 64M or 1G)");
            return null;
        },
    };

    /// <summary>A number with an optional K, M, G or T (powers of 1024, then an optional B or iB, any case).</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim().ToUpperInvariant();
        if (s.EndsWith("IB", StringComparison.Ordinal))
        {
            s = s[..^2];
        }
        else if (s.EndsWith('B'))
        {
            s = s[..^1];
        }
        var shift = s.Length > 0 ? "KMGT".IndexOf(s[^1], StringComparison.Ordinal) : -1;
        if (shift >= 0)
        {
            s = s[..^1];
        }
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }
        var scale = 10 * (shift + 1);
        if (n > long.MaxValue >> scale)
        {
            return false;
        }
        bytes = n << scale;
        return true;
    }
}
