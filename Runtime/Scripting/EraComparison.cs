using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// A script run once per kernel era, each from a fresh machine: a row per <c>expect</c> and
/// <c>print</c>, a column per era, rows that differ marked with <c>*</c>, rows with a surprise
/// (an expectation that failed where no <c>fails on</c> says so, or passed where one does) with <c>!</c>.
/// </summary>
/// <summary>
/// A column of a comparison that runs under a policy rather than an era: by name, selected when
/// the script defines it (<c>--kernel all</c>), or already compiled (<c>compare</c> in a session
/// that defined it).
/// </summary>
internal sealed record PolicyColumn(string Name, Api.Policy? Compiled = null);

internal sealed class EraComparison
{
    private readonly List<(EraPolicy Era, Session Session, string Output)> _runs = [];
    /// <summary>Columns named by exact version (<c>--kernel 5.4,5.16</c>) rather than by era.</summary>
    private bool _byVersion;

    public IReadOnlyList<(EraPolicy Era, Session Session, string Output)> Runs => _runs;

    /// <summary>
    /// Runs <paramref name="script"/> once per era (every era by default), on up to
    /// <paramref name="jobs"/> threads: each era has a machine, a session and an output of its
    /// own, and the runs are kept in era order, so the table and every run's output are the same
    /// whatever the number of jobs. A cancellation stops every era; it is thrown even when the
    /// eras ended before noticing it (a snippet reports it as its error), as one after another.
    /// </summary>
    public static EraComparison Run(Script script, MachineSettings settings, Func<IInterpreterHost> hosts, IReadOnlyList<EraPolicy>? eras = null, bool trace = false, bool byVersion = false, int jobs = 1, CancellationToken cancellation = default, bool noCSharp = false, bool full = false, IReadOnlyList<PolicyColumn>? policies = null)
    {
        var comparison = new EraComparison { _byVersion = byVersion };
        var list = eras ?? EraPolicy.All;
        var extra = policies ?? [];
        var runs = Running.OrderedParallel.Map(list.Count + extra.Count, jobs, i =>
        {
            var output = new StringWriter { NewLine = "\n" };
            if (i >= list.Count)
            {
                // A policy's column: its definition in the script, or the one given, selects it.
                var column = extra[i - list.Count];
                var own = new Session(output, KernelVersion.Latest, settings) { Trace = trace, Full = full, NoCSharp = noCSharp, Cancellation = cancellation, Jobs = jobs };
                var runner = new Interpreter(own) { StopOnError = true, Host = hosts(), PinnedKernel = true, PinnedPolicy = column.Name };
                if (column.Compiled is { } compiled)
                {
                    runner.Adopt(compiled);
                }
                runner.Run(script);
                return (own.Era, own, output.ToString());
            }
            var era = list[i];
            var session = new Session(output, era.Version, settings) { Trace = trace, Full = full, NoCSharp = noCSharp, Cancellation = cancellation, Jobs = jobs };
            var interpreter = new Interpreter(session) { StopOnError = true, Host = hosts(), PinnedKernel = true };
            interpreter.Run(script);
            return (era, session, output.ToString());
        });
        cancellation.ThrowIfCancellationRequested();
        comparison._runs.AddRange(runs);
        return comparison;
    }

    /// <summary>The table of runs made elsewhere (<c>mmdsl report --kernel all</c>), one per era.</summary>
    public static EraComparison Of(IEnumerable<(EraPolicy Era, Session Session, string Output)> runs)
    {
        var comparison = new EraComparison();
        comparison._runs.AddRange(runs);
        return comparison;
    }

    /// <summary>True when every era agrees on every row.</summary>
    public bool Agree => Rows().All(r => !r.Differs);

    public bool AnyFailed => _runs.Any(r => r.Session.FailedExpectations > 0 || r.Session.Errors > 0);

    /// <summary>Expectations whose outcome is not the stated one (fail without <c>fails on</c>, or xpass), over all eras.</summary>
    public int Surprises => _runs.Sum(r => r.Session.Observations.Count(IsSurprise));

    /// <summary>True when any era stopped on an error.</summary>
    public bool AnyError => _runs.Any(r => r.Session.Errors > 0);

    /// <summary>True when a stated outcome was not met in some era, or an era stopped on an error: the exit code of <c>--kernel all</c>.</summary>
    public bool Failed => Surprises > 0 || AnyError;

    private static bool IsSurprise(Observation o) => o.Passed is not null && o.Text is "fail" or "xpass";

    private IEnumerable<(string Key, string[] Cells, bool Differs, bool Surprise)> Rows()
    {
        var keys = new List<string>();
        var cells = new Dictionary<string, string[]>();
        var surprises = new HashSet<string>();
        for (var e = 0; e < _runs.Count; e++)
        {
            var seen = new Dictionary<string, int>();
            foreach (var o in _runs[e].Session.Observations)
            {
                var n = seen.GetValueOrDefault(o.Key) + 1;
                seen[o.Key] = n;
                var key = n == 1 ? o.Key : $"{o.Key} #{n}";
                if (!cells.TryGetValue(key, out var row))
                {
                    keys.Add(key);
                    cells[key] = row = Enumerable.Repeat("-", _runs.Count).ToArray();
                }
                row[e] = o.Text;
                if (IsSurprise(o))
                {
                    surprises.Add(key);
                }
            }
        }
        if (_runs.Any(r => r.Session.Errors > 0))
        {
            keys.Add("errors");
            cells["errors"] = _runs.Select(r => r.Session.Errors > 0 ? "error" : "-").ToArray();
            surprises.Add("errors");
        }
        return keys.Select(k => (k, cells[k], cells[k].Distinct().Count() > 1, surprises.Contains(k)));
    }

    /// <summary>The table; with <paramref name="onlyDifferences"/>, only rows where the eras differ or an outcome is a surprise.</summary>
    public IEnumerable<string> Lines(bool onlyDifferences = false)
    {
        var headers = new[] { string.Empty, string.Empty }.Concat(_runs.Select(r => r.Era is OverriddenEra || !_byVersion ? r.Era.Name : r.Era.Version.ToString())).ToArray();
        var table = new Output.TextTable(headers);
        var rows = Rows().ToList();
        var hidden = 0;
        foreach (var (key, cells, differs, surprise) in rows)
        {
            if (onlyDifferences && !differs && !surprise)
            {
                hidden++;
                continue;
            }
            table.Add([(differs ? "*" : " ") + (surprise ? "!" : string.Empty), key, .. cells]);
        }
        if (rows.Count == 0)
        {
            return ["compare: no expect or print to compare"];
        }
        var lines = table.Count == 0 ? [] : table.Lines().ToList();
        if (hidden > 0)
        {
            lines.Add($"({hidden} of {rows.Count} rows where every era agrees are not shown)");
        }
        if (Surprises > 0)
        {
            lines.Add($"{Surprises} expectation(s) not as stated (marked !): fail where no 'fails on' names the era, xpass where one does");
        }
        return lines;
    }
}
