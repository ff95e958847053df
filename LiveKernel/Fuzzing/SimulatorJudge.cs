using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Running;

namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>
/// The simulator alone, era by era: the invariant checker after every command, no engine exception,
/// no runtime error but a SIGSEGV the generator could not foresee, and the private-memory oracle.
/// </summary>
internal sealed class SimulatorJudge(IReadOnlyList<EraPolicy> eras, CancellationToken cancellation = default) : IScenarioJudge
{
    public string Name => eras.Count == 1 ? $"simulator, era {eras[0].Name}" : $"simulator, {eras.Count} eras";

    public string OtherLabel => "oracle";

    public IScenarioJudge For(Verdict.Disagree finding) =>
        eras.FirstOrDefault(e => finding.Detail.Contains($"era {e.Name}")) is { } era ? new SimulatorJudge([era], cancellation) : this;

    public Verdict Judge(string text)
    {
        var parsed = ScriptParser.Parse(new SourceText("fuzz.mm", text));
        if (!parsed.Success)
        {
            return new Verdict.Invalid(string.Join("; ", parsed.Diagnostics.Select(d => d.Format())));
        }
        var options = new RunOptions { CheckInvariants = true, NoCSharp = true, Cancellation = cancellation };
        foreach (var era in eras)
        {
            var run = Simulation.Run(parsed.Script, era.Version, options);
            var where = $"era {era.Name}";
            if (run.Crash is { } crash)
            {
                return Finding("exception", "-", $"{crash.GetType().Name}: {crash.Message}", "no exception", where, run.Output);
            }
            if (run.InvariantFailures > 0)
            {
                var lines = run.Output.Split('\n');
                var at = Array.FindIndex(lines, l => l.Contains("invariant violated", StringComparison.Ordinal));
                return Finding("invariant", lines[at], lines.ElementAtOrDefault(at + 1)?.Trim() ?? "?", "no violation", where, run.Output);
            }
            if (run.Errors > 0)
            {
                var error = run.Output.Split('\n').FirstOrDefault(l => l.StartsWith("fuzz.mm:", StringComparison.Ordinal)) ?? "?";
                if (error.Contains("SIGSEGV", StringComparison.Ordinal) || error.Contains("no such handle", StringComparison.Ordinal))
                {
                    // value() of a page the generator's model thought mapped: nothing to judge
                    return new Verdict.Invalid(error);
                }
                return Finding("error", error, "error", "no error", where, run.Output);
            }
            if (PrivateMemoryOracle.Check(text, run.Observations, era.Version) is { } leak)
            {
                return Finding("private memory", leak.Row, leak.Value, $"not {leak.Value}: {leak.Writer}", where, run.Output);
            }
        }
        return new Verdict.Agree();

        static Verdict Finding(string kind, string row, string simulated, string oracle, string where, string output) =>
            new Verdict.Disagree($"{kind} in {where}", row, simulated, oracle, [where, .. output.Split('\n').TakeLast(12).Where(l => l.Length > 0)])
            {
                Kinds = [kind],
            };
    }
}
