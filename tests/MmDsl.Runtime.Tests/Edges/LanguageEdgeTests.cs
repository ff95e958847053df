namespace MmDsl.Runtime.Tests.Edges;

/// <summary>Arithmetic that does not fit in 64 bits, files that are not scripts, and operands in parentheses, end to end.</summary>
public class LanguageEdgeTests
{
    [Theory]
    [InlineData("mmap 4K * 4611686018427387904", "4096 * 4611686018427387904")]
    [InlineData("write A b + 0x7fff_ffff_ffff_ffff * 16 = 1", "9223372036854775807 * 16")]
    [InlineData("print 9223372036854775807 + 1", "9223372036854775807 + 1")]
    [InlineData("print 0 - 9223372036854775807 - 2", "-9223372036854775807 - 2")]
    [InlineData("let x = 0 - 9223372036854775807 - 1\nprint -x", "-(-9223372036854775808)")]
    public void ArithmeticOverflowIsAPositionedError(string command, string what)
    {
        var (exit, output) = EdgeScript.Run($"proc A\nmmap b 4K\n{command}\n");
        Assert.Equal(1, exit);
        Assert.Contains($"arithmetic overflow: {what} does not fit in 64 bits", output);
        Assert.Matches(@"edge\.mm:\d+:\d+: arithmetic overflow", output);
        Assert.DoesNotContain("0xfffffffffffffff0", output);
    }

    [Theory]
    [InlineData("include \"/dev/zero\"", "not a regular file")]
    [InlineData("run \"/dev/null\"", "not a regular file")]
    [InlineData("include \"/proc/self/status\"", "not a regular file")]
    public void IncludeAndRunRefuseWhatIsNotARegularFile(string command, string why)
    {
        var (exit, output) = EdgeScript.RunWithin(10, command + "\n");
        Assert.Equal(1, exit);
        Assert.Matches(@"edge\.mm:1:\d+: (include|run): ", output);
        Assert.Contains(why, output);
    }

    [Fact]
    public void IncludeRefusesAFileTooLargeForAScript()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-big-{Environment.ProcessId}.mm");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(Language.Text.ScriptFile.MaxBytes + 1);
            }
            var (exit, output) = EdgeScript.RunWithin(10, $"include \"{path}\"\n");
            Assert.Equal(1, exit);
            Assert.Contains("too large for a script", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AParenthesisedAddressAfterAProcessNameIsTheAddress()
    {
        var (exit, output) = EdgeScript.Run("proc A\nmmap buf 8K\nwrite A (buf + 4K) = 1\nexpect value(A, buf + 4K) == 1\nwrite A (buf) + 8 = 2\nexpect value(A, buf + 8) == 2\n");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void UndoInALoopIsRefusedBeforeAnythingRuns()
    {
        var (exit, output) = EdgeScript.Run("proc A\nmmap buf 4K\nwrite A buf = 7\nfor i in 0..2 { write A buf = 1; undo }\n");
        Assert.Equal(2, exit);
        Assert.Contains("edge.mm:4:34: undo cannot run inside a block", output);
        Assert.DoesNotContain("undo: ?", output);
    }
}
