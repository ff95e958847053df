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
}
