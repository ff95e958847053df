using System.Text;

namespace MmDsl.Runtime.Output.Report;

/// <summary>
/// One folio's refcount, mapcount and pin count over a run, as a small step chart: a sample per
/// step, and one per command inside a step's loop where the run kept them. A gap is a sample where
/// the folio was not in use.
/// </summary>
internal static class TimelineSvg
{
    public sealed record Series(int Head, IReadOnlyList<int> Steps, IReadOnlyList<(int Ref, int Map, int Pin)?> Values);

    private const double Width = 560;
    private const double Height = 120;
    private const double Left = 44;
    private const double Bottom = 18;

    private static readonly (string Name, string Class)[] Lines = [("ref", "ref"), ("map", "map"), ("pin", "pin")];

    public static string Draw(Series s)
    {
        var n = s.Values.Count;
        var max = Math.Max(1, s.Values.Where(v => v is not null).Max(v => Math.Max(v!.Value.Ref, Math.Max(v.Value.Map, v.Value.Pin))));
        var xs = Positions(s.Steps, Width - Left - 8);
        double X(int i) => Left + xs[i];
        double Y(int value) => 6 + (Height - Bottom - 6) * (1 - (double)value / max);
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"timeline\" width=\"{Xml.N(Width)}\" height=\"{Xml.N(Height)}\" viewBox=\"0 0 {Xml.N(Width)} {Xml.N(Height)}\" role=\"img\">");
        sb.Append($"<title>folio {Fmt.Pfn(s.Head)}: refcount, mapcount and pins over the steps</title>");
        sb.Append($"<line class=\"axis\" x1=\"{Xml.N(Left)}\" y1=\"{Xml.N(Y(0))}\" x2=\"{Xml.N(Width - 8)}\" y2=\"{Xml.N(Y(0))}\"/>");
        sb.Append($"<text class=\"tick\" x=\"2\" y=\"{Xml.N(Y(max) + 4)}\">{max}</text><text class=\"tick\" x=\"2\" y=\"{Xml.N(Y(0) + 4)}\">0</text>");
        // A tick where each step begins; its number under it while they fit.
        var every = Math.Max(1, s.Steps.Distinct().Count() / 24);
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || s.Steps[i] != s.Steps[i - 1])
            {
                sb.Append($"<line class=\"step\" x1=\"{Xml.N(X(i))}\" y1=\"6\" x2=\"{Xml.N(X(i))}\" y2=\"{Xml.N(Y(0))}\"/>");
                if (s.Steps[i] % every == 0 || i == 0)
                {
                    sb.Append($"<text class=\"tick\" x=\"{Xml.N(X(i) - 3)}\" y=\"{Xml.N(Height - 4)}\">{s.Steps[i]}</text>");
                }
            }
        }
        for (var line = 0; line < Lines.Length; line++)
        {
            var path = new StringBuilder();
            var open = false;
            for (var i = 0; i < n; i++)
            {
                if (s.Values[i] is not { } v)
                {
                    open = false;
                    continue;
                }
                var value = line switch { 0 => v.Ref, 1 => v.Map, _ => v.Pin };
                path.Append(open ? $" H{Xml.N(X(i))} V{Xml.N(Y(value))}" : $" M{Xml.N(X(i))},{Xml.N(Y(value))}");
                open = true;
            }
            if (path.Length > 0)
            {
                sb.Append($"<path class=\"series {Lines[line].Class}\" d=\"{path.ToString().Trim()}\"/>");
            }
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// Where each sample goes: every step gets a share of the width, a step with samples inside a
    /// loop a larger one (up to 25 times), and its samples spread evenly over its share, so that a
    /// loop reads as a staircase and the steps around it stay apart.
    /// </summary>
    private static double[] Positions(IReadOnlyList<int> steps, double width)
    {
        var groups = new List<(int Step, int Count)>();
        foreach (var step in steps)
        {
            if (groups.Count > 0 && groups[^1].Step == step)
            {
                groups[^1] = (step, groups[^1].Count + 1);
            }
            else
            {
                groups.Add((step, 1));
            }
        }
        var weights = groups.Select(g => 1.0 + Math.Min(24, g.Count - 1)).ToList();
        var unit = width / Math.Max(1, weights.Sum() - 1);
        var xs = new double[steps.Count];
        var (i, start) = (0, 0.0);
        for (var g = 0; g < groups.Count; g++)
        {
            var share = (weights[g] - (g == groups.Count - 1 ? 1 : 0)) * unit;
            for (var j = 0; j < groups[g].Count; j++)
            {
                // The sample after the step comes last in its share; those inside its loop before it.
                xs[i++] = groups[g].Count == 1 ? start : start + (weights[g] - 1) * unit * j / (groups[g].Count - 1);
            }
            start += share;
        }
        return xs;
    }

    /// <summary>
    /// The series of the folios whose counts change, most changes first, at most <paramref name="cap"/>;
    /// and how many more changed.
    /// </summary>
    public static (IReadOnlyList<Series> Shown, int More) Select(
        IReadOnlyList<(int Step, IReadOnlyDictionary<int, (int Ref, int Map, int Pin)> Counts)> samples, int cap)
    {
        var heads = new SortedSet<int>();
        foreach (var sample in samples)
        {
            heads.UnionWith(sample.Counts.Keys);
        }
        var changing = new List<(int Changes, Series Series)>();
        var steps = samples.Select(x => x.Step).ToList();
        foreach (var head in heads)
        {
            var values = samples.Select(x => x.Counts.TryGetValue(head, out var v) ? v : ((int, int, int)?)null).ToList();
            var present = values.Where(v => v is not null).ToList();
            var changes = present.Zip(present.Skip(1)).Count(p => p.First != p.Second);
            if (changes > 0)
            {
                changing.Add((changes, new Series(head, steps, values)));
            }
        }
        var shown = changing.OrderByDescending(c => c.Changes).ThenBy(c => c.Series.Head).Take(cap).Select(c => c.Series).OrderBy(s => s.Head).ToList();
        return (shown, changing.Count - shown.Count);
    }
}
