using MmDsl.Repl.Cli;

namespace MmDsl.Repl.Tests.Cli;

/// <summary>
/// Shell completion goes through System.CommandLine's <c>[suggest:POSITION] "COMMAND LINE"</c>
/// directive, which the dotnet-suggest shim calls: mmdsl must answer with its subcommands, options
/// and option values, one a line.
/// </summary>
public class CompletionTests
{
    private static string[] Suggest(string line)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run([$"[suggest:{line.Length}]", line], output, output);
        Assert.Equal(0, exit);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void An_empty_line_gets_every_subcommand_and_the_options_of_the_repl()
    {
        var words = Suggest(string.Empty);
        Assert.Subset(words.ToHashSet(), new HashSet<string> { "run", "test", "diff", "fuzz", "eras", "bench", "help", "--kernel", "--trace", "--full", "--eval" });
        Assert.DoesNotContain("grammar", words);
    }

    [Fact]
    public void A_prefix_gets_the_subcommand_it_starts()
    {
        Assert.Contains("run", Suggest("ru"));
        Assert.Equal(["--trace"], Suggest("run --tr"));
    }

    [Fact]
    public void Kernel_gets_the_eras_latest_and_all()
    {
        var words = Suggest("run --kernel ");
        Assert.Subset(words.ToHashSet(), new HashSet<string> { "latest", "all", "5.7", "5.17", "6.8", "6.18" });
        Assert.Equal(["6.14", "6.18", "6.8"], Suggest("run --kernel 6.1").Concat(Suggest("run --kernel 6.8")).Distinct().Order().ToArray());
    }

    [Fact]
    public void Test_format_gets_its_values_as_written()
    {
        Assert.Equal(["junit", "tap", "text"], Suggest("test --format ").Order().ToArray());
    }

    [Fact]
    public void Report_gets_the_real_kernel_options()
    {
        Assert.Subset(Suggest("report x.mm --").ToHashSet(), new HashSet<string> { "--output", "--kernel", "--host", "--vm", "--swap", "--vm-accel" });
        Assert.Equal(["--host"], Suggest("report x.mm --ho"));
    }
}
