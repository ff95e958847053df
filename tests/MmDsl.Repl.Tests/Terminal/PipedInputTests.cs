namespace MmDsl.Repl.Tests.Terminal;

/// <summary><c>mmdsl &lt; script.mm</c> behaves like <c>mmdsl run script.mm</c>, without the editor.</summary>
public class PipedInputTests
{
    private const string Script = """
        # fork, then the parent writes a THP
        proc A
        mmap buf 2M thp
        write buf
        fork B
        write A buf+0x1000
        for i in 0..2 {
            write B buf + i*4K
        }
        show refs
        expect pmd_mapped(B, buf)
        expect value(B, buf) != value(A, buf)
        """;

    [Fact]
    public void Piped_input_runs_as_a_script()
    {
        var mmdsl = Repository.Mmdsl() ?? throw new InvalidOperationException("mmdsl is not built");
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-piped-{Guid.NewGuid():N}.mm");
        File.WriteAllText(path, Script);
        try
        {
            var piped = Processes.Run(mmdsl, input: Script);
            var run = Processes.Run([.. mmdsl, "run", path]);
            Assert.Equal(run.Output.Replace(path, "<stdin>"), piped.Output);
            Assert.Equal(run.ExitCode, piped.ExitCode);
            Assert.Contains("pfn", piped.Output);
            Assert.DoesNotContain("6.18>", piped.Output);
            Assert.DoesNotContain('\u001b', piped.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Piped_input_fails_like_a_script()
    {
        var mmdsl = Repository.Mmdsl() ?? throw new InvalidOperationException("mmdsl is not built");
        var failed = Processes.Run(mmdsl, input: "proc A\nmmap buf 4K\nwrite buf\nexpect refcount(A, buf) == 7\n");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("<stdin>:4: expect failed", failed.Output);
        var syntax = Processes.Run(mmdsl, input: "proc A\nwrte 0\n");
        Assert.Equal(2, syntax.ExitCode);
        Assert.Contains("<stdin>:2:1: unknown command 'wrte' (did you mean 'write'?)", syntax.Output);
    }

    [Fact]
    public void Interactive_runs_the_script_then_the_entries_in_the_same_session()
    {
        var mmdsl = Repository.Mmdsl() ?? throw new InvalidOperationException("mmdsl is not built");
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-start-{Guid.NewGuid():N}.mm");
        File.WriteAllText(path, "proc A\nmmap buf 64K\nwrite buf = 7\nfork B\n");
        try
        {
            var ok = Processes.Run([.. mmdsl, "-k", "5.8", "-i", path], input: "write B buf = 1\nexpect value(A, buf) == 7\n");
            Assert.Equal(0, ok.ExitCode);
            Assert.Contains("B: fork of A", ok.Output);
            Assert.Contains("B: write 0x0 = 1: wp fault -> copy", ok.Output);
            Assert.Contains("reuse_swap_page", ok.Output); // the 5.8 rules, from -k
            var failed = Processes.Run([.. mmdsl, "-i", path], input: "expect value(B, buf) == 8\n");
            Assert.Equal(1, failed.ExitCode);
            Assert.Contains("expect failed", failed.Output);
            var missing = Processes.Run([.. mmdsl, "-i", path + ".missing"], input: "");
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("no such file", missing.Output);
            var all = Processes.Run([.. mmdsl, "-k", "all"], input: "proc A\n");
            Assert.Equal(2, all.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
