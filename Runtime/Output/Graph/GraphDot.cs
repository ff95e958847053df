namespace MmDsl.Runtime.Output.Graph;

/// <summary>
/// <c>show graph --dot</c>: the same graph in Graphviz's DOT language (<c>dot -Tsvg</c>), a node per
/// process, VMA, entry run and folio node, each edge labelled with what it stands for.
/// </summary>
internal static class GraphDot
{
    public static IEnumerable<string> Lines(GraphModel graph)
    {
        yield return "digraph mm {";
        yield return "  rankdir=LR;";
        yield return "  node [shape=box, fontname=\"monospace\", fontsize=10];";
        yield return "  edge [fontname=\"monospace\", fontsize=9];";
        var zero = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in graph.Processes)
        {
            yield return $"  {Id(p.Id)} [label={Quote(p.Label)}, shape=ellipse];";
            foreach (var v in p.Vmas)
            {
                yield return $"  {Id(v.Id)} [label={Quote(v.Label)}];";
                yield return $"  {Id(p.Id)} -> {Id(v.Id)} [label=\"vma\"];";
                foreach (var e in v.Entries)
                {
                    yield return $"  {Id(e.Id)} [label={Quote(e.Source)}, shape=note];";
                    yield return $"  {Id(v.Id)} -> {Id(e.Id)} [label={Quote(e.Level)}];";
                    switch (e.Kind)
                    {
                        case EntryKind.Zero:
                            var name = e.Level == "pmd" ? "huge zero folio" : "zero page";
                            zero.Add(name);
                            yield return $"  {Id(e.Id)} -> {Id("z:" + name)} [label=\"maps\"];";
                            break;
                        case EntryKind.Swap:
                            var slots = e.First == e.Last ? $"swap {Fmt.Hex(e.First)}" : $"swap {Fmt.Range(e.First, e.Last + 1)}";
                            yield return $"  {Id(e.Id + ":swap")} [label={Quote(slots)}, shape=cylinder];";
                            yield return $"  {Id(e.Id)} -> {Id(e.Id + ":swap")} [label=\"swap entry\"];";
                            if (graph.FindFolio(e.Folio) is { } cached)
                            {
                                yield return $"  {Id(e.Id + ":swap")} -> {Id(cached.Id)} [label=\"swapcache\"];";
                            }
                            break;
                        default:
                            if (graph.FindFolio(e.Folio) is { } f)
                            {
                                var label = f.Count == 1 && f.Order > 0 ? "maps " + e.Pages : "maps";
                                yield return $"  {Id(e.Id)} -> {Id(f.Id)} [label={Quote(label)}];";
                            }
                            break;
                    }
                }
            }
        }
        foreach (var name in zero)
        {
            yield return $"  {Id("z:" + name)} [label={Quote(name)}, shape=box, style=dashed];";
        }
        foreach (var f in graph.Folios)
        {
            var label = $"{f.Name} {f.Size}\\n{f.Counts}\\n{Escape(f.Flags)}" + (f.ExtraRefs.Length == 0 ? string.Empty : $"\\nother refs: {Escape(f.ExtraRefs)}");
            yield return $"  {Id(f.Id)} [label=\"{label}\", shape=box3d];";
        }
        yield return "}";
    }

    private static string Id(string key) => Quote(key);

    private static string Quote(string text) => "\"" + Escape(text) + "\"";

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
