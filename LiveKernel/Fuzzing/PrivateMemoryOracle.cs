using System.Globalization;
using System.Text.RegularExpressions;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>
/// Private memory stays private: a process reads only what it, or its ancestors before they forked
/// its line off, wrote. The generator gives every write a value of its own, so the writer of a value
/// read back is known. A pipe's handle (vmsplice) may also show another process's later write in the
/// eras where the kernel leaked it (CVE-2020-29374, linux-cow-eras.md 11(a)): up to 5.7 always, and
/// 5.9 to 5.17 for a PMD THP or a page swapped in (reuse decided by mapcount in
/// <c>do_huge_pmd_wp_page</c> and <c>reuse_swap_page</c>, until <c>3bff7e3f1f16</c> and
/// <c>c145e0b47c77</c> in 5.18).
/// </summary>
internal static partial class PrivateMemoryOracle
{
    /// <summary>The first read that breaks the rule, as (row, value read, who wrote it), or null.</summary>
    public static (string Row, string Value, string Writer)? Check(string text, IReadOnlyList<Observation> observations, KernelVersion version)
    {
        var parent = new Dictionary<string, (string Parent, int Line)>();
        var writer = new Dictionary<ulong, (string Process, int Line)>();
        var handles = new Dictionary<int, string>();
        string? current = null;
        var lines = text.Split('\n');
        var row = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words[0].StartsWith('#'))
            {
                continue;
            }
            switch (words[0])
            {
                case "proc" or "use" when words.Length > 1:
                    current = words[1];
                    break;
                case "fork" when words.Length > 1:
                    parent[words[1]] = (words.Length > 3 && words[2] == "from" ? words[3] : current ?? "?", i);
                    break;
                case "write" when words.Length > 2 && words[^2] == "=" && ulong.TryParse(words[^1], out var value):
                    writer.TryAdd(value, (words[1], i));
                    break;
                case "vmsplice" when words.Length > 1:
                    handles[handles.Count == 0 ? 1 : handles.Keys.Max() + 1] = words[1];
                    break;
                case "print":
                    if (row >= observations.Count)
                    {
                        return null;
                    }
                    var observed = observations[row++];
                    if (!ulong.TryParse(observed.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var read)
                        || read == 0 || !writer.TryGetValue(read, out var w))
                    {
                        break;
                    }
                    if (ValueRead().Match(line) is { Success: true } v)
                    {
                        if (!Visible(v.Groups[1].Value, w.Process, w.Line, parent))
                        {
                            return (observed.Key, observed.Text, $"{w.Process} wrote it at line {w.Line + 1}");
                        }
                    }
                    else if (HandleRead().Match(line) is { Success: true } h
                        && handles.TryGetValue(int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture), out var taker)
                        && !Visible(taker, w.Process, w.Line, parent) && !PipeMayLeak(version))
                    {
                        return (observed.Key, observed.Text, $"{w.Process} wrote it at line {w.Line + 1}, after {taker} took the handle's line apart");
                    }
                    break;
            }
        }
        return null;
    }

    /// <summary>The eras of CVE-2020-29374 (linux-cow-eras.md 11(a)): 5.8 alone broke COW in GUP.</summary>
    public static bool PipeMayLeak(KernelVersion version) =>
        version < new KernelVersion(5, 8) || (version >= new KernelVersion(5, 9) && version < new KernelVersion(5, 18));

    /// <summary>Did READER inherit, or make, the write WRITER made at LINE?</summary>
    private static bool Visible(string reader, string writer, int line, Dictionary<string, (string Parent, int Line)> parent)
    {
        var bound = int.MaxValue;
        for (var p = reader; ; )
        {
            if (p == writer && line < bound)
            {
                return true;
            }
            if (!parent.TryGetValue(p, out var up))
            {
                return false;
            }
            bound = Math.Min(bound, up.Line);
            p = up.Parent;
        }
    }

    [GeneratedRegex(@"^print value\((\w+),")]
    private static partial Regex ValueRead();

    [GeneratedRegex(@"^print handle\(#(\d+)\)")]
    private static partial Regex HandleRead();
}
