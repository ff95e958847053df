using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Running;

/// <summary>How a row of a diff compares.</summary>
internal enum DiffMark
{
    /// <summary>Both sides have the same value.</summary>
    Agree,

    /// <summary>The values differ: a disagreement (<c>*</c>).</summary>
    Disagree,

    /// <summary>The host has no value to compare: unobservable, not on the host, or only one side has the row (<c>-</c>).</summary>
    Skipped,

    /// <summary>The value is a pfn or computed from one: each machine has its own (<c>~</c>).</summary>
    MachineSpecific,
}

/// <summary>One row: a <c>print</c> or <c>expect</c> (depth 0) or a query it evaluated (depth 1).</summary>
internal sealed record DiffRow(string Key, int Depth, string Simulated, string Host, DiffMark Mark, string? Why);

/// <summary>
/// The simulator's and the host's observations of one script, lined up by their text (the n-th
/// <c>expect X</c> with the n-th <c>expect X</c>), with the queries of each row under it.
/// </summary>
internal sealed partial class DiffTable
{
    private readonly List<DiffRow> _rows = [];

    public DiffTable(IReadOnlyList<Observation> simulated, IReadOnlyList<Observation> host, string? simulatedError, string? hostError)
        : this(simulated, host, [], [], simulatedError, hostError)
    {
    }

    /// <summary>
    /// With the runs' <see cref="OutcomeLog"/> rows too: a row for each command that did not return
    /// ok on one side at least (a command with no outcome row returned ok).
    /// </summary>
    public DiffTable(
        IReadOnlyList<Observation> simulated,
        IReadOnlyList<Observation> host,
        IReadOnlyList<Observation> simulatedOutcomes,
        IReadOnlyList<Observation> hostOutcomes,
        string? simulatedError,
        string? hostError)
    {
        foreach (var (key, sim, real) in Align(simulated, host))
        {
            _rows.Add(Row(key, 0, sim, real));
            var text = (sim ?? real)!.Key;
            foreach (var (partKey, simPart, realPart) in Align(sim?.Parts ?? [], real?.Parts ?? []))
            {
                // print Q and expect Q show Q's value already
                if (!RowKeys.Shows(text, partKey))
                {
                    _rows.Add(Row(partKey, 1, simPart, realPart));
                }
            }
        }
        foreach (var (key, sim, real) in Align(simulatedOutcomes, hostOutcomes))
        {
            _rows.Add(Row(key, 0, sim ?? Ok(key), real ?? Ok(key)));
        }
        if (simulatedError is not null || hostError is not null)
        {
            _rows.Add(new DiffRow("error", 0, simulatedError ?? "-", hostError ?? "-", DiffMark.Disagree, null));
        }
    }

    public IReadOnlyList<DiffRow> Rows => _rows;

    public int Count(DiffMark mark) => _rows.Count(r => r.Mark == mark);

    public bool Agrees => Count(DiffMark.Disagree) == 0;

    /// <summary>
    /// True when every disagreement is a /proc/vmstat counter (<c>stat(NAME)</c> other than pgfault),
    /// or a row whose only disagreeing query is one: other processes move those counters too.
    /// </summary>
    public bool OnlyCountersDisagree
    {
        get
        {
            for (var i = 0; i < _rows.Count; i++)
            {
                if (_rows[i].Mark != DiffMark.Disagree || IsCounter(_rows[i].Key))
                {
                    continue;
                }
                var parts = _rows.Skip(i + 1).TakeWhile(r => r.Depth > 0).Where(r => r.Mark == DiffMark.Disagree).ToList();
                if (_rows[i].Depth > 0 || parts.Count == 0 || !parts.All(p => IsCounter(p.Key)))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static bool IsCounter(string key) => StatCall().Matches(key).Any(m => m.Groups[1].Value != "pgfault");

    [System.Text.RegularExpressions.GeneratedRegex(@"\bstat\s*\(\s*(\w+)")]
    private static partial System.Text.RegularExpressions.Regex StatCall();

    /// <summary>True when at least one row was compared (agreed or not).</summary>
    public bool Compared => _rows.Any(r => r.Mark is DiffMark.Agree or DiffMark.Disagree);

    /// <summary>The table, then the reasons the host cell refers to as [N], then a summary line.</summary>
    public IEnumerable<string> Lines()
    {
        var reasons = new List<string>();
        var table = new TextTable("row", "simulated", "host", string.Empty);
        foreach (var row in _rows)
        {
            var host = row.Host;
            if (row.Why is { } why)
            {
                var n = reasons.IndexOf(why);
                if (n < 0)
                {
                    reasons.Add(why);
                    n = reasons.Count - 1;
                }
                host += $" [{n + 1}]";
            }
            table.Add(new string(' ', 2 * row.Depth) + row.Key, row.Simulated, host, Marker(row.Mark));
        }
        if (table.Count == 0)
        {
            yield return "no print or expect to compare";
            yield break;
        }
        foreach (var line in table.Lines())
        {
            yield return line;
        }
        for (var i = 0; i < reasons.Count; i++)
        {
            yield return $"[{i + 1}] {reasons[i]}";
        }
        yield return $"{_rows.Count} rows: {Count(DiffMark.Agree)} agree, {Count(DiffMark.Disagree)} disagree (*), "
            + $"{Count(DiffMark.Skipped)} skipped (-), {Count(DiffMark.MachineSpecific)} machine-specific (~)";
    }

    public static string Marker(DiffMark mark) => mark switch
    {
        DiffMark.Disagree => "*",
        DiffMark.Skipped => "-",
        DiffMark.MachineSpecific => "~",
        _ => string.Empty,
    };

    private static DiffRow Row(string key, int depth, Observation? sim, Observation? host)
    {
        if (sim is null || host is null)
        {
            return new DiffRow(key, depth, sim?.Text ?? "-", host?.Text ?? "-", DiffMark.Skipped,
                host is null ? "the host run has no such row (it took another path, or stopped)" : "the simulator has no such row");
        }
        if (host.Skipped is { } why)
        {
            var shown = why.StartsWith("not compared", StringComparison.Ordinal) ? $"({host.Text})" : Category(why);
            return new DiffRow(key, depth, sim.Text, shown, DiffMark.Skipped, why);
        }
        if (sim.MachineSpecific || host.MachineSpecific)
        {
            return new DiffRow(key, depth, sim.Text, host.Text, DiffMark.MachineSpecific, null);
        }
        if (sim.Text == host.Text)
        {
            return new DiffRow(key, depth, sim.Text, host.Text, DiffMark.Agree, null);
        }
        return new DiffRow(key, depth, sim.Text, host.Text, DiffMark.Disagree, null);
    }

    private static Observation Ok(string key) => new(key, "ok", null);

    /// <summary><c>unobservable</c>, <c>unavailable</c>, <c>not on the host</c>: the words before the first colon.</summary>
    private static string Category(string why)
    {
        var colon = why.IndexOf(':');
        return colon > 0 ? why[..colon] : why;
    }

    /// <summary>Rows of both sides by key; the n-th occurrence of a key is <c>KEY #n</c> (outcome keys are numbered already and unique).</summary>
    private static List<(string Key, Observation? Simulated, Observation? Host)> Align(IReadOnlyList<Observation> simulated, IReadOnlyList<Observation> host)
    {
        var keys = new List<string>();
        var sims = Numbered(simulated, keys);
        var hosts = Numbered(host, keys);
        return [.. keys.Distinct().Select(k => (k, sims.GetValueOrDefault(k), hosts.GetValueOrDefault(k)))];
    }

    private static Dictionary<string, Observation> Numbered(IReadOnlyList<Observation> rows, List<string> order)
    {
        var seen = new Dictionary<string, int>();
        var byKey = new Dictionary<string, Observation>();
        foreach (var o in rows)
        {
            var n = seen.GetValueOrDefault(o.Key) + 1;
            seen[o.Key] = n;
            var key = n == 1 ? o.Key : $"{o.Key} #{n}";
            byKey[key] = o;
            order.Add(key);
        }
        return byKey;
    }
}
