using System.Text.RegularExpressions;
using MmDsl.LiveKernel.Runs;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Engine.Eras;
using MmDsl.LiveKernel.Fuzzing;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;
using Xunit.Abstractions;

namespace MmDsl.Runtime.Tests.Fuzzing;

/// <summary>
/// A planted bug: a backend that answers as the simulator does, except that it says a page is
/// present when it is not, in a process that forked and then made something read-only. The fuzz
/// run must find it, and the shrinker must cut a 25-operation scenario down to those steps.
/// </summary>
public sealed partial class ShrinkerTests(ITestOutputHelper output)
{
    [Fact]
    public void A_25_operation_disagreement_shrinks_to_the_steps_that_matter()
    {
        var judge = new HostJudge(new DiffOptions(), PlantedBackend) { ZeroPage = true };
        var generator = new ScenarioGenerator(new GeneratorOptions { MinOperations = 25, MaxOperations = 25 });
        var (scenario, finding) = Enumerable.Range(0, 200)
            .Select(i => generator.Generate(FuzzRandom.ScenarioSeed(5, i)))
            .Select(s => (Scenario: s, Verdict: judge.Judge(s.Text)))
            .First(s => s.Verdict is Verdict.Disagree);
        var disagreement = Assert.IsType<Verdict.Disagree>(finding);

        var shrunk = new Shrinker(text => FuzzRunner.Same(judge.Judge(text), disagreement)).Shrink(scenario.Text);
        output.WriteLine(scenario.Text);
        output.WriteLine($"--- shrunk in {shrunk.Tests} tests:");
        output.WriteLine(shrunk.Text);

        var lines = shrunk.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(scenario.Text.Split('\n').Count(RowKinds.IsStep) >= 25);
        Assert.InRange(lines.Length, 4, 5);
        Assert.Contains(lines, l => l.StartsWith("fork ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mprotect ", StringComparison.Ordinal) && l.EndsWith(" ro", StringComparison.Ordinal));
        Assert.StartsWith("print present(", lines[^1], StringComparison.Ordinal);
        Assert.IsType<Verdict.Disagree>(judge.Judge(shrunk.Text));
    }

    [Fact]
    public void A_fuzz_run_finds_the_planted_bug_and_writes_it_shrunk()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"mmdsl-fuzz-test-{Environment.ProcessId}");
        try
        {
            var judge = new HostJudge(new DiffOptions(), PlantedBackend) { ZeroPage = true };
            var summary = new FuzzRunner(judge, new FuzzOptions { Count = 40, Seed = 9, OutDirectory = dir }).Run();

            Assert.Equal(1, summary.ExitCode);
            Assert.Equal(40, summary.Scenarios);
            Assert.Equal(0, summary.Noise);
            var cause = summary.Causes[0];
            Assert.StartsWith("present", cause.Kind, StringComparison.Ordinal);
            var written = File.ReadAllText(cause.File!);
            Assert.Contains("#   simulated: false", written, StringComparison.Ordinal);
            Assert.Contains("#   host: true", written, StringComparison.Ordinal);
            Assert.True(ScriptParser.Parse(new SourceText(cause.File!, written)).Success);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>The simulator's answers, with the planted bug in the "host" column.</summary>
    private static ScriptDiff PlantedBackend(string path, DiffOptions options)
    {
        var text = File.ReadAllText(path);
        var parsed = ScriptParser.Parse(new SourceText(path, text));
        if (!parsed.Success)
        {
            return new ScriptDiff(path, ExitCodes.Usage, SimulatedOutput: "does not parse\n");
        }
        var run = Simulation.Run(parsed.Script, KernelVersion.Latest, new RunOptions());
        var prints = text.Split('\n').Select((l, i) => (Line: l.Trim(), Index: i)).Where(l => l.Line.StartsWith("print ", StringComparison.Ordinal)).ToList();
        var lines = text.Split('\n');
        var host = run.Observations.Select((o, k) =>
            o.Text == "false" && Present().Match(o.Key) is { Success: true } m && Buggy(lines, prints[k].Index, m.Groups[1].Value)
                ? o with { Text = "true" }
                : o).ToList();
        var table = new DiffTable(run.Observations, host, run.Outcomes, run.Outcomes, run.Errors > 0 ? "error" : null, run.Errors > 0 ? "error" : null);
        return new ScriptDiff(path, table.Agrees ? ExitCodes.Ok : ExitCodes.Failed, Table: table, SimulatedOutput: run.Output, HostOutput: run.Output);
    }

    /// <summary>P forked a child, and after that some mprotect made memory of P read-only.</summary>
    private static bool Buggy(string[] lines, int before, string process)
    {
        var forked = -1;
        for (var i = 0; i < before; i++)
        {
            var words = lines[i].Trim().Split(' ');
            if (words is ["fork", _, "from", var parent] && parent == process && forked < 0)
            {
                forked = i;
            }
            if (forked >= 0 && words is ["mprotect", var p, _, _, "ro"] && p == process)
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"^print present\((\w+),")]
    private static partial Regex Present();
}
