using MmDsl.Repl.Tests.Terminal;

namespace MmDsl.Repl.Tests.Snippets;

/// <summary>A snippet is trusted code and may end mmdsl; when it does, mmdsl first says where, on standard error.</summary>
public class SnippetExitTests
{
    [Fact]
    public void Environment_Exit_in_a_snippet_names_the_snippet_before_mmdsl_ends()
    {
        var mmdsl = Repository.Mmdsl() ?? throw new InvalidOperationException("mmdsl is not built");
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-exit-{Guid.NewGuid():N}.mm");
        File.WriteAllText(path, "proc A\nprint 1\ncs {\n  System.Environment.Exit(42);\n}\nprint 2\n");
        try
        {
            var run = Processes.Run([.. mmdsl, "run", path], timeout: TimeSpan.FromSeconds(120));
            Assert.Equal(42, run.ExitCode);
            Assert.DoesNotContain("2 = 2", run.Output);
            Assert.Contains($"{path}:3:1: a C# snippet ended mmdsl (exit code 42)", run.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_no_csharp_help_says_what_a_snippet_can_do()
    {
        var mmdsl = Repository.Mmdsl() ?? throw new InvalidOperationException("mmdsl is not built");
        var help = Processes.Run([.. mmdsl, "run", "--help"]);
        Assert.Contains("--no-csharp", help.Output);
        Assert.Contains("snippets are trusted code", help.Output);
    }
}
