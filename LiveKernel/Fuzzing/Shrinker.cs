using System.Globalization;
using System.Text.RegularExpressions;

namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>How a shrink went: the script, and how many candidate scripts it tried.</summary>
internal sealed record ShrinkResult(string Text, int LinesBefore, int LinesAfter, int Tests);

/// <summary>
/// Delta debugging (Zeller's ddmin) over a script's lines, then over its operands: each candidate
/// is kept when STILL says it shows the same finding. Lines go first, in halves, quarters and so on
/// down to single lines; then sizes and addresses are tried at smaller values (0x0, 4K, a 2M
/// boundary), and flags (<c>thp</c>, <c>to ADDR</c>) are dropped. The values written after <c>=</c>
/// stay as they are: the private-memory oracle tells writers apart by them.
/// </summary>
internal sealed partial class Shrinker(Func<string, bool> still, int maxTests = 400, DateTime? deadline = null)
{
    private int _tests;

    public ShrinkResult Shrink(string text)
    {
        var lines = text.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
        var before = lines.Count;
        lines = DdMin(lines);
        lines = Rebase(lines);
        lines = SimplifyOperands(lines);
        // a simpler operand can make another line unnecessary
        lines = DdMin(lines);
        return new ShrinkResult(Join(lines), before, lines.Count, _tests);
    }

    private bool OutOfBudget => _tests >= maxTests || (deadline is { } d && DateTime.UtcNow > d);

    private bool Test(List<string> lines)
    {
        if (OutOfBudget)
        {
            return false;
        }
        _tests++;
        return still(Join(lines));
    }

    /// <summary>ddmin over complements: drop one of N chunks while the finding stays; N doubles when none can go.</summary>
    private List<string> DdMin(List<string> lines)
    {
        var n = 2;
        while (lines.Count >= 2 && !OutOfBudget)
        {
            var chunk = (lines.Count + n - 1) / n;
            var reduced = false;
            for (var start = 0; start < lines.Count; start += chunk)
            {
                var complement = lines.Take(start).Concat(lines.Skip(start + chunk)).ToList();
                if (complement.Count > 0 && Test(complement))
                {
                    lines = complement;
                    n = Math.Max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced)
            {
                if (n >= lines.Count)
                {
                    break;
                }
                n = Math.Min(lines.Count, n * 2);
            }
        }
        return lines;
    }

    /// <summary>Every address moved down together, by whole 2M ranges first (keeping THP alignment), then to 0x0.</summary>
    private List<string> Rebase(List<string> lines)
    {
        var addresses = lines.SelectMany(l => Hex().Matches(l)).Select(m => long.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
        if (addresses.Count == 0)
        {
            return lines;
        }
        var lowest = addresses.Min();
        foreach (var shift in new[] { lowest & ~((2L << 20) - 1), lowest }.Where(s => s > 0).Distinct())
        {
            var trial = lines.Select(l => Hex().Replace(l, m =>
                "0x" + (long.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) - shift).ToString("x", CultureInfo.InvariantCulture))).ToList();
            if (Test(trial))
            {
                return trial;
            }
        }
        return lines;
    }

    private List<string> SimplifyOperands(List<string> lines)
    {
        for (var changed = true; changed && !OutOfBudget;)
        {
            changed = false;
            for (var i = 0; i < lines.Count && !OutOfBudget; i++)
            {
                foreach (var candidate in Simpler(lines[i]))
                {
                    var trial = new List<string>(lines) { [i] = candidate };
                    if (Test(trial))
                    {
                        lines = trial;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return lines;
    }

    /// <summary>Simpler forms of one line, simplest first.</summary>
    public static IEnumerable<string> Simpler(string line)
    {
        var words = line.Split(' ');
        var valueAt = Array.IndexOf(words, "=");
        for (var i = 1; i < words.Length; i++)
        {
            if (valueAt >= 0 && i > valueAt)
            {
                break;
            }
            if (words[i] is "thp" or "nothp" or "ro" && words[0] == "mmap")
            {
                yield return string.Join(' ', words.Where((_, j) => j != i));
            }
            if (words[i] == "to" && i + 1 < words.Length)
            {
                yield return string.Join(' ', words.Where((_, j) => j != i && j != i + 1));
            }
            if (Number(words[i]) is not { } value)
            {
                continue;
            }
            var hex = words[i].StartsWith("0x", StringComparison.Ordinal);
            foreach (var smaller in Smaller(value, hex))
            {
                var copy = (string[])words.Clone();
                copy[i] = hex ? "0x" + smaller.ToString("x", CultureInfo.InvariantCulture) : ScenarioGeneratorText.Size(smaller);
                yield return string.Join(' ', copy);
            }
        }
        // print QUERY(P, 0x1234): the same query at a smaller address
        if (QueryAddress().Match(line) is { Success: true } m && ulong.TryParse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var address))
        {
            foreach (var smaller in Smaller((long)address, hex: true))
            {
                yield return line[..m.Groups[2].Index] + smaller.ToString("x", CultureInfo.InvariantCulture) + line[(m.Groups[2].Index + m.Groups[2].Length)..];
            }
        }
    }

    /// <summary>Smaller candidates for VALUE: 0 (addresses only), 4K, the 2M boundary below, half.</summary>
    private static IEnumerable<long> Smaller(long value, bool hex)
    {
        var candidates = new List<long>();
        if (hex)
        {
            candidates.Add(0);
        }
        candidates.Add(4096);
        candidates.Add(value & ~((2L << 20) - 1));
        candidates.Add((value / 2) & ~4095L);
        if (value > 2L << 20)
        {
            candidates.Add(value - (2L << 20));
        }
        return candidates.Where(c => c < value && (c > 0 || hex)).Distinct().Order();
    }

    /// <summary>A hex address or a size such as 64K or 2M, or null.</summary>
    private static long? Number(string word)
    {
        if (word.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(word[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }
        if (word.Length > 1 && (word[^1] is 'K' or 'M') && long.TryParse(word[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var units))
        {
            return units << (word[^1] == 'K' ? 10 : 20);
        }
        return null;
    }

    private static string Join(List<string> lines) => string.Join('\n', lines) + "\n";

    [GeneratedRegex(@"\b0x([0-9a-f]+)\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"^print \w+\((\w+), 0x([0-9a-f]+)\)$")]
    private static partial Regex QueryAddress();
}
