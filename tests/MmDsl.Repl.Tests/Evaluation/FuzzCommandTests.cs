using MmDsl.Repl.Cli;

namespace MmDsl.Repl.Tests.Evaluation;

/// <summary><c>mmdsl fuzz</c> on the command line: its options, its summary, its exit codes.</summary>
public sealed class FuzzCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmdsl-fuzz-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_simulator_run_prints_its_seed_and_summary_and_exits_0_when_it_finds_nothing()
    {
        var (exit, text) = Run("fuzz", "--sim", "--kernel", "6.18", "--count", "5", "--seed", "11", "--out", _dir);

        Assert.Equal(0, exit);
        Assert.StartsWith("mmdsl fuzz --seed 11 --count 5: simulator, era 6.15+", text, StringComparison.Ordinal);
        Assert.Contains("5 scenarios against simulator, era 6.15+", text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Print_shows_the_same_scenarios_for_the_same_seed()
    {
        var (exit, first) = Run("fuzz", "--sim", "--print", "--count", "2", "--seed", "3");
        var (_, second) = Run("fuzz", "--sim", "--print", "--count", "2", "--seed", "3");

        Assert.Equal(0, exit);
        Assert.Equal(first, second);
        Assert.Equal(2, first.Split('\n').Count(l => l.StartsWith("# mmdsl fuzz: seed ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--time", "soon")]
    [InlineData("--kernel", "five")]
    [InlineData("--host", "--sim")]
    public void Bad_usage_exits_2(string option, string value)
    {
        var args = option == "--host" ? new[] { "fuzz", option, value } : ["fuzz", "--sim", option, value];

        Assert.Equal(2, Run(args).Exit);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    public void Times_are_read_with_their_unit(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FuzzCommand.ParseTime(text));

    private static (int Exit, string Text) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(args, output, output);
        return (exit, output.ToString());
    }
}
