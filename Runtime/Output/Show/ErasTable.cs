using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Output.Show;

/// <summary>
/// <c>show eras</c> and <c>mmdsl eras</c>: the eras (versions, the version a column of
/// <c>--kernel all</c> runs, what decides), then every fact that changes between kernels, by the
/// version it changed in, with its commit.
/// </summary>
internal static class ErasTable
{
    public static IEnumerable<string> Lines(KernelVersion? current)
    {
        var eras = new TextTable(string.Empty, "era", "versions", "column runs", "opened by", "decides");
        foreach (var era in EraTable.All)
        {
            var here = current is { } v && EraTable.Of(v) == era;
            eras.Add(here ? "*" : string.Empty, era.Name, era.Range, era.Representative.ToString(), era.Commits.Length == 0 ? "(legacy)" : era.Commits, era.Summary);
        }
        foreach (var line in eras.Lines())
        {
            yield return line;
        }
        if (current is { } version)
        {
            yield return $"* the era of this run's kernel ({version})";
        }
        yield return string.Empty;
        yield return "what changes between kernels (+ from this version on, - no longer), exact to the version:";
        var changes = new TextTable("version", string.Empty, "fact", "commit", "what");
        foreach (var (at, starts, fact) in Changes())
        {
            changes.Add(at.ToString(), starts ? "+" : "-", fact.Name.ToString(), fact.Commit ?? "unverified", fact.Description);
        }
        foreach (var line in changes.Lines())
        {
            yield return line;
        }
    }

    /// <summary>Each fact's start (unless it always held) and end, oldest first.</summary>
    private static IEnumerable<(KernelVersion At, bool Starts, EraFact Fact)> Changes()
    {
        var first = EraTable.All[0].From;
        var changes = new List<(KernelVersion, bool, EraFact)>();
        foreach (var fact in EraFacts.All)
        {
            if (fact.From > first)
            {
                changes.Add((fact.From, true, fact));
            }
            if (fact.Until is { } until)
            {
                changes.Add((until, false, fact));
            }
        }
        return changes.OrderBy(c => c.Item1).ThenBy(c => c.Item3.Name.ToString(), StringComparer.Ordinal);
    }
}
