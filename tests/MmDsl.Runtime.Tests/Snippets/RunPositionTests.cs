namespace MmDsl.Runtime.Tests.Snippets;

/// <summary>An error in the commands a snippet gives to Run is shown at the snippet line that called Run, not at &lt;Run&gt;:1:1.</summary>
public sealed class RunPositionTests
{
    [Fact]
    public void A_syntax_error_in_Run_points_at_the_calling_line()
    {
        var s = new SnippetSession();
        s.Ok("proc A\n");
        var output = s.Run("cs {\n    var x = 1;\n    Run(\"mmap 4K; munmap 1\");\n}");
        Assert.StartsWith("test.mm:3:5: expected a size after 'munmap 1' (in the commands Run gave, at <Run>:1:18)\n", output);
    }

    [Fact]
    public void A_runtime_error_in_Run_points_at_the_calling_line()
    {
        var s = new SnippetSession();
        s.Ok("proc A\n");
        var output = s.Run("cs {\n    Run(\"munmap Z 0 4K\");\n}");
        Assert.StartsWith("test.mm:2:5: ", output);
        Assert.Contains("(in the commands Run gave, at <Run>:1:", output);
    }
}
