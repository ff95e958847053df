using MmDsl.Repl.Cli;

namespace MmDsl.Repl.Tests.Evaluation;

public class SwapOptionTests
{
    [Theory]
    [InlineData("64M", 64L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("512KiB", 512L << 10)]
    [InlineData("65536", 65536L)]
    [InlineData("2mb", 2L << 20)]
    public void Sizes_read_as_scripts_write_them(string text, long bytes)
    {
        Assert.True(SizeOption.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-4K")]
    [InlineData("0")]
    [InlineData("4X")]
    [InlineData("99999999999T")]
    public void Anything_else_is_not_a_size(string text) => Assert.False(SizeOption.TryParse(text, out _));

    [Fact]
    public void Swap_without_host_is_a_usage_error()
    {
        var script = Path.Combine(Path.GetTempPath(), $"mmdsl-swap-option-{Environment.ProcessId}.mm");
        File.WriteAllText(script, "proc A\n");
        try
        {
            var output = new StringWriter();
            Assert.Equal(2, CommandLine.Run(["run", "--swap", "64M", script], output, new StringWriter()));
            Assert.Contains("--swap applies to --host and --vm runs only", output.ToString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void A_bad_size_is_a_usage_error()
    {
        var error = new StringWriter();
        Assert.Equal(2, CommandLine.Run(["diff", "--swap", "lots", "x.mm"], new StringWriter(), error));
        Assert.Contains("'lots' is not a size", error.ToString());
    }
}
