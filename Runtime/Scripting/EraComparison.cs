using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// A script run once per kernel era, each from a fresh machine: a row per <c>expect</c> and
/// <c>print</c>, a column per era, rows that differ marked with <c>*</c>.
/// </summary>
internal sealed class EraComparison
{
    private readonly List<(EraPolicy Era, Session Session, string Output)> _runs = [];

    public IReadOnlyList<(EraPolicy Era, Session Session, string Output)> Runs => _runs;

    public static EraComparison Run(Script script, MachineSettings settings, Func<IInterpreterHost> hosts, IReadOnlyList<EraPolicy>? eras = null, bool trace = false)
    {
        var comparison = new EraComparison();
        foreach (var era in eras ?? EraPolicy.All)
        {
            var output = new StringWriter { NewLine = "\n" };
            var session = new Session(output, era.Version, settings) { Trace = trace };
            var interpreter = new Interpreter(session) { StopOnError = true, Host = hosts(), PinnedKernel = true };
            interpreter.Run(script);
            comparison._runs.Add((era, session, output.ToString()));
        }
        return comparison;
    }

    /// <summary>True when every era agrees on every row.</summary>
    public bool Agree => Rows().All(r => !r.Differs);

    public bool AnyFailed => _runs.Any(r => r.Session.FailedExpectations > 0 || r.Session.Errors > 0);

    private IEnumerable<(string Key, string[] Cells, bool Differs)> Rows()
    {
        var keys = new List<string>();
        var cells = new Dictionary<string, string[]>();
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
            }
        }
        if (_runs.Any(r => r.Session.Errors > 0))
        {
            keys.Add("errors");
            cells["errors"] = _runs.Select(r => r.Session.Errors > 0 ? "error" : "-").ToArray();
        }
        return keys.Select(k => (k, cells[k], cells[k].Distinct().Count() > 1));
    }

    public IEnumerable<string> Lines()
    {
        var headers = new[] { string.Empty, string.Empty }.Concat(_runs.Select(r => r.Era.Name)).ToArray();
        var table = new Output.TextTable(headers);
        foreach (var (key, cells, differs) in Rows())
        {
            table.Add([differs ? "*" : " ", key, .. cells]);
        }
        if (table.Count == 0)
        {
            return ["compare: no expect or print to compare"];
        }
        return table.Lines();
    }
}
