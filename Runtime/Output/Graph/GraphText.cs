namespace MmDsl.Runtime.Output.Graph;

/// <summary>
/// <c>show graph</c>: the graph as plain ASCII text, at most 80 columns, for a terminal or a mail.
/// Each process, its VMAs indented under it, each entry run under its VMA with an arrow to what it
/// maps; then the folios, each with its counts, flags and the references that are not mappings.
/// </summary>
internal static class GraphText
{
    public const int Width = 80;

    /// <summary>Sources are padded to this column at most, so that most arrows line up.</summary>
    private const int ArrowColumn = 36;

    public static IEnumerable<string> Lines(GraphModel graph)
    {
        var lines = new List<string>();
        var pad = Math.Min(ArrowColumn, graph.Entries.Select(e => 4 + e.Source.Length).DefaultIfEmpty(0).Max());
        foreach (var p in graph.Processes)
        {
            lines.Add(p.Label);
            foreach (var v in p.Vmas)
            {
                lines.AddRange(Wrap("  " + v.Label, 6));
                foreach (var e in v.Entries)
                {
                    lines.AddRange(Wrap(("    " + e.Source).PadRight(pad) + " -> " + Target(graph, e), 8));
                }
            }
        }
        foreach (var f in graph.Folios)
        {
            lines.AddRange(Wrap(FolioLine(f), 4));
        }
        return lines;
    }

    /// <summary>What an entry run leads to, as the text drawing names it (a single page has no index).</summary>
    public static string Target(GraphModel graph, EntryRun e) =>
        e.Kind == EntryKind.Folio && graph.FindFolio(e.Folio) is { Count: 1, Order: 0 } f ? f.Name : e.Target(graph);

    /// <summary><c>folio 0x600 4K: ref 2 map 1 pin 0, anon excl lru-batch; other refs: lru 1</c></summary>
    public static string FolioLine(FolioNode f) =>
        $"{f.Name} {f.Size}: {f.Counts}, {f.Flags}{(f.ExtraRefs.Length == 0 ? string.Empty : "; other refs: " + f.ExtraRefs)}";

    /// <summary>A line cut at spaces to fit <see cref="Width"/>; the rest indented by <paramref name="indent"/>.</summary>
    public static IEnumerable<string> Wrap(string line, int indent)
    {
        var prefix = new string(' ', indent);
        while (line.Length > Width)
        {
            var cut = line.LastIndexOf(' ', Width);
            if (cut <= indent)
            {
                break;
            }
            yield return line[..cut].TrimEnd();
            line = prefix + line[(cut + 1)..];
        }
        yield return line;
    }
}
