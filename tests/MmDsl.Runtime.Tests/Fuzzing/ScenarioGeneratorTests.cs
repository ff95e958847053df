using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Engine.Eras;
using MmDsl.LiveKernel.Fuzzing;
using MmDsl.Runtime.Running;

namespace MmDsl.Runtime.Tests.Fuzzing;

public sealed class ScenarioGeneratorTests
{
    [Fact]
    public void A_seed_names_one_scenario()
    {
        var generator = new ScenarioGenerator(new GeneratorOptions { Gup = true });

        Assert.Equal(generator.Generate(42).Text, generator.Generate(42).Text);
        Assert.NotEqual(generator.Generate(42).Text, generator.Generate(43).Text);
        Assert.Equal(FuzzRandom.ScenarioSeed(7, 3), FuzzRandom.ScenarioSeed(7, 3));
    }

    [Fact]
    public void Scenarios_parse_and_keep_to_their_bounds()
    {
        var generator = new ScenarioGenerator(new GeneratorOptions());
        for (var i = 0; i < 200; i++)
        {
            var text = generator.Generate(FuzzRandom.ScenarioSeed(1, i)).Text;
            var parsed = ScriptParser.Parse(new SourceText("fuzz.mm", text));
            Assert.True(parsed.Success, text);
            var lines = text.Split('\n');
            var processes = lines.Count(l => l.StartsWith("proc ", StringComparison.Ordinal) || l.StartsWith("fork ", StringComparison.Ordinal));
            Assert.InRange(processes, 1, 4);
            var steps = lines.Count(RowKinds.IsStep) - 1;
            Assert.InRange(steps, 1, 26 + processes + lines.Count(l => l.StartsWith("use ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Without_a_zero_page_no_scenario_reads_a_page_it_never_wrote()
    {
        var generator = new ScenarioGenerator(new GeneratorOptions { ZeroPage = false });
        for (var i = 0; i < 100; i++)
        {
            var text = generator.Generate(FuzzRandom.ScenarioSeed(3, i)).Text;
            var run = Simulation.Run(ScriptParser.Parse(new SourceText("fuzz.mm", text)).Script, KernelVersion.Latest, new RunOptions());
            Assert.DoesNotContain("-> zero page", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("-> huge zero page", run.Output, StringComparison.Ordinal);
        }
    }
}
