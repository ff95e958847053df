using System.Text;
using MmDsl.Runtime.Output.Graph;

namespace MmDsl.Runtime.Output.Report;

/// <summary>
/// The graph of one step as inline SVG, in four columns: processes, VMAs, entry runs and folio
/// nodes, with an edge from each run to the folio it maps. Nodes and edges whose key is not in
/// <c>previous</c> (new, or changed since the previous step) get the class <c>changed</c>.
/// </summary>
internal static class GraphSvg
{
    /// <summary>Entry runs and folio nodes drawn at most; the text drawing of <c>show graph</c> has them all.</summary>
    public const int MaxRows = 160;

    private const double CharWidth = 6.6;
    private const int Row = 22;
    private const int FolioRow = 44;
    private const int Gap = 28;

    public static string Draw(GraphModel graph, ISet<string>? previous)
    {
        bool Changed(string key) => previous is not null && !previous.Contains(key);
        var entries = graph.Entries.Take(MaxRows).ToList();
        var folios = graph.Folios.Take(MaxRows).ToList();
        double W(IEnumerable<string> labels, int min) => Math.Max(min, labels.Select(l => l.Length).DefaultIfEmpty(0).Max() * CharWidth + 12);
        var pw = W(graph.Processes.Select(p => p.Label), 80);
        var vw = W(graph.Processes.SelectMany(p => p.Vmas).Select(v => v.Label), 120);
        var ew = W(entries.Select(e => EntryLabel(graph, e)), 140);
        var fw = W(folios.SelectMany(f => new[] { $"{f.Name} {f.Size}", f.Counts, f.Flags, Extra(f) }), 160);
        var (px, vx) = (4.0, 4 + pw + Gap);
        var ex = vx + vw + Gap;
        var fx = ex + ew + Gap * 3;
        var width = fx + fw + 4;

        var body = new StringBuilder();
        var entryY = new Dictionary<EntryRun, double>();
        var y = 4.0;
        var drawn = 0;
        foreach (var p in graph.Processes)
        {
            var top = y;
            foreach (var v in p.Vmas)
            {
                var vtop = y;
                var rows = 0;
                foreach (var e in v.Entries)
                {
                    if (drawn++ >= MaxRows)
                    {
                        break;
                    }
                    entryY[e] = y + Row / 2.0 - 1;
                    Box(body, ex, y, ew, Row - 4, Changed(e.Key), "entry", [EntryLabel(graph, e)]);
                    y += Row;
                    rows++;
                }
                if (rows == 0)
                {
                    y += Row;
                }
                Box(body, vx, vtop, vw, y - vtop - 4, Changed(v.Key), "vma", [v.Label]);
                Line(body, px + pw, top + Row / 2.0 - 1, vx, vtop + Row / 2.0 - 1, false, null);
                foreach (var e in v.Entries.Where(entryY.ContainsKey))
                {
                    Line(body, vx + vw, vtop + Row / 2.0 - 1, ex, entryY[e], false, null);
                }
            }
            if (p.Vmas.Count == 0)
            {
                y += Row;
            }
            Box(body, px, top, pw, y - top - 4, previous is not null && !previous.Contains("p:" + p.Name), "proc", [p.Label]);
            y += 6;
        }
        var folioY = new Dictionary<int, double>();
        var fy = 4.0;
        foreach (var f in folios)
        {
            var lines = Extra(f).Length == 0 ? new[] { $"{f.Name} {f.Size}", f.Counts, f.Flags } : [$"{f.Name} {f.Size}", f.Counts, f.Flags, Extra(f)];
            var h = lines.Length * 13 + 6;
            folioY[f.Head] = fy + h / 2.0;
            Box(body, fx, fy, fw, h, Changed(f.Key), "folio", lines);
            fy += Math.Max(FolioRow, h + 6);
        }
        foreach (var (e, ey) in entryY)
        {
            if (e.Edge >= 0 && folioY.TryGetValue(e.Edge, out var ty))
            {
                Line(body, ex + ew, ey, fx, ty, Changed(e.Key), e.Kind == EntryKind.Swap ? "swapcache" : null);
            }
        }
        var height = Math.Max(y, fy) + 4;
        var more = graph.Entries.Count() - entries.Count + graph.Folios.Count - folios.Count;
        var note = more > 0 ? $"<text class=\"more\" x=\"4\" y=\"{Xml.N(height + 10)}\">{more} more runs and folios not drawn: show graph lists them all</text>" : string.Empty;
        if (more > 0)
        {
            height += 16;
        }
        return $"<svg class=\"graph\" width=\"{Xml.N(width)}\" height=\"{Xml.N(height)}\" viewBox=\"0 0 {Xml.N(width)} {Xml.N(height)}\" role=\"img\">" +
            $"<title>processes, VMAs, page-table entries and folios</title>{body}{note}</svg>";
    }

    /// <summary>The set of keys of a graph, to compare the next step's with.</summary>
    public static HashSet<string> Keys(GraphModel graph) =>
        [
            .. graph.Processes.Select(p => "p:" + p.Name),
            .. graph.Processes.SelectMany(p => p.Vmas).Select(v => v.Key),
            .. graph.Entries.Select(e => e.Key),
            .. graph.Folios.Select(f => f.Key),
        ];

    private static string EntryLabel(GraphModel graph, EntryRun e) => e.Kind switch
    {
        EntryKind.Folio => graph.FindFolio(e.Folio) is { Count: 1, Order: > 0 } ? $"{e.Source} {e.Pages}" : e.Source,
        _ => $"{e.Source} -> {e.Target(graph)}",
    };

    private static string Extra(FolioNode f) => f.ExtraRefs.Length == 0 ? string.Empty : "other refs: " + f.ExtraRefs;

    private static void Box(StringBuilder sb, double x, double y, double w, double h, bool changed, string kind, string[] lines)
    {
        sb.Append($"<g class=\"node {kind}{(changed ? " changed" : string.Empty)}\">");
        sb.Append($"<rect x=\"{Xml.N(x)}\" y=\"{Xml.N(y)}\" width=\"{Xml.N(w)}\" height=\"{Xml.N(h)}\" rx=\"3\"/>");
        for (var i = 0; i < lines.Length; i++)
        {
            sb.Append($"<text x=\"{Xml.N(x + 6)}\" y=\"{Xml.N(y + 13 + i * 13)}\">{Xml.Escape(lines[i])}</text>");
        }
        sb.Append("</g>");
    }

    private static void Line(StringBuilder sb, double x1, double y1, double x2, double y2, bool changed, string? label)
    {
        var mid = (x1 + x2) / 2;
        var cls = "edge" + (changed ? " changed" : string.Empty) + (label is null ? string.Empty : " " + label);
        sb.Append($"<path class=\"{cls}\" d=\"M{Xml.N(x1)},{Xml.N(y1)} C{Xml.N(mid)},{Xml.N(y1)} {Xml.N(mid)},{Xml.N(y2)} {Xml.N(x2)},{Xml.N(y2)}\"/>");
    }
}
