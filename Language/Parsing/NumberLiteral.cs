namespace MmDsl.Language.Parsing;

/// <summary>
/// Numbers and sizes: <c>4096</c>, <c>0x20_0000</c>, <c>4K</c>, <c>2m</c>, <c>1GiB</c>, <c>4kb</c>.
/// Values are 64-bit patterns: anything up to 2^64-1 is accepted.
/// </summary>
internal static class NumberLiteral
{
    public enum Status
    {
        Ok,
        Malformed,
        Overflow,
    }

    public static Status Parse(ReadOnlySpan<char> s, out ulong value, out bool isSize)
    {
        value = 0;
        isSize = false;
        var hex = s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
        var i = hex ? 2 : 0;
        var digits = 0;
        var overflow = false;
        var last = '\0';
        for (; i < s.Length; i++)
        {
            var c = s[i];
            var d = DigitValue(c, hex);
            if (c == '_')
            {
                last = c;
                continue;
            }
            if (d < 0)
            {
                break;
            }
            var radix = hex ? 16UL : 10UL;
            if (value > (ulong.MaxValue - (ulong)d) / radix)
            {
                overflow = true;
            }
            value = unchecked(value * radix + (ulong)d);
            digits++;
            last = c;
        }
        if (digits == 0 || last == '_')
        {
            return Status.Malformed;
        }
        var suffix = s[i..];
        if (suffix.IsEmpty)
        {
            return overflow ? Status.Overflow : Status.Ok;
        }
        var shift = char.ToUpperInvariant(suffix[0]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => -1,
        };
        var unit = suffix[1..];
        if (shift < 0 || !(unit.IsEmpty || unit.Equals("b", StringComparison.OrdinalIgnoreCase)
                || unit.Equals("ib", StringComparison.OrdinalIgnoreCase)))
        {
            return Status.Malformed;
        }
        isSize = true;
        if (overflow || value > ulong.MaxValue >> shift)
        {
            return Status.Overflow;
        }
        value <<= shift;
        return Status.Ok;
    }

    private static int DigitValue(char c, bool hex) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' when hex => c - 'a' + 10,
        >= 'A' and <= 'F' when hex => c - 'A' + 10,
        _ => -1,
    };
}
