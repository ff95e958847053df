using MmDsl.Repl.Evaluation;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Tests.Evaluation;

public class EngineTests
{
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private readonly ReplEngine _engine;

    public EngineTests()
    {
        _engine = new ReplEngine(new RunOptions { CheckInvariants = true }, _output);
    }

    private string Run(string text)
    {
        _output.GetStringBuilder().Clear();
        _engine.Evaluate(text, CancellationToken.None);
        return _output.ToString();
    }

    [Fact]
    public void The_prompt_names_the_process_and_the_kernel()
    {
        Assert.Equal("- 6.18", _engine.Where);
        Run("kernel 5.16\nproc A");
        Assert.Equal("A 5.16", _engine.Where);
    }

    [Fact]
    public void An_unknown_command_suggests_the_nearest()
    {
        Run("proc A\nmmap buf 4K");
        var output = Run("mprotct buf 4K ro");
        Assert.Contains("unknown command 'mprotct' (did you mean 'mprotect'?)", output);
        Assert.Contains("^~~~~~~", output);
        Assert.Contains("A: mprotect", Run("mprotect buf 4K ro"));
    }

    [Fact]
    public void A_syntax_error_leaves_the_session_as_it_was()
    {
        Run("proc A\nmmap buf 4K");
        Assert.IsType<EvaluationResult.Failed>(_engine.Evaluate("write buf +", CancellationToken.None));
        Assert.Equal(["proc A", "mmap buf 4K"], _engine.History);
        Assert.IsType<EvaluationResult.Success>(_engine.Evaluate("write buf", CancellationToken.None));
    }

    [Fact]
    public void Undo_returns_to_the_state_before_the_last_command()
    {
        Run("proc A\nmmap buf 4K\nwrite buf = 7");
        Assert.Contains("undo: write buf = 7", Run("undo"));
        Assert.Contains("= 0", Run("print value(A, buf)"));
        Assert.Equal(["proc A", "mmap buf 4K", "print value(A, buf)"], _engine.History);
    }

    [Fact]
    public void Save_writes_a_script_that_rebuilds_the_state()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-save-{Guid.NewGuid():N}.mm");
        try
        {
            Run("proc A\nmmap buf 2M thp\nwrite buf\nshow refs\nfork B\nwrite buf+4K");
            var refs = Run("show refs");
            Run($"save {path}");
            var again = new ReplEngine(new RunOptions(), _output);
            again.Evaluate($"run {path}", CancellationToken.None);
            _output.GetStringBuilder().Clear();
            again.Evaluate("show refs", CancellationToken.None);
            Assert.Equal(refs, _output.ToString());
            Assert.DoesNotContain("show", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void History_lists_the_session_commands()
    {
        Run("proc A\nmmap 4K");
        Assert.Equal("   1  proc A\n   2  mmap 4K\n", Run("history"));
    }

    [Fact]
    public void Ctrl_C_in_a_loop_undoes_the_loop_and_the_session_goes_on()
    {
        Run("proc A\nmmap buf 64K\nwrite buf");
        using var cancel = new CancellationTokenSource();
        var output = new CancellingWriter(_output, "write 0x2000", cancel);
        _engine.Session.Output = output;
        var result = _engine.Evaluate("for i in 1..16 { write buf + i*4K = 9 }", cancel.Token);
        _engine.Session.Output = _output;
        var cancelled = Assert.IsType<EvaluationResult.Cancelled>(result);
        Assert.Equal("for i in 1..16 { write buf + i*4K = 9 }", cancelled.RolledBack);
        Assert.Contains("= 0", Run("print value(A, buf + 4K)"));
        Assert.Contains("undo: write buf", Run("undo"));
        Assert.DoesNotContain("invariant", Run("check"));
    }

    /// <summary>Cancels the token when a given text is written: Ctrl-C at a known moment.</summary>
    private sealed class CancellingWriter(TextWriter inner, string trigger, CancellationTokenSource cancel) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void WriteLine(string? value)
        {
            inner.WriteLine(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true)
            {
                cancel.Cancel();
            }
        }
    }

    [Fact]
    public void A_start_script_leaves_its_state_and_names_its_own_lines()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-start-{Guid.NewGuid():N}.mm");
        File.WriteAllText(path, "proc A\nmmap buf 64K\nwrite buf = 7\nwrte buf\n");
        try
        {
            _output.GetStringBuilder().Clear();
            Assert.IsType<EvaluationResult.Failed>(_engine.RunFile(path, CancellationToken.None));
            Assert.Contains($"{path}:4:1: unknown command 'wrte'", _output.ToString());
            File.WriteAllText(path, "proc A\nmmap buf 64K\nwrite buf = 7\n");
            Assert.IsType<EvaluationResult.Success>(_engine.RunFile(path, CancellationToken.None));
            Assert.Contains("A: write", Run("write buf+4K = 8"));
            Assert.Equal("A 6.18", _engine.Where);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("proc A\ncs { 1 }\n", true)]
    [InlineData("proc A\n  cs load helpers.csx\n", true)]
    [InlineData("repeat 2 {\n  expect { true }\n}\n", true)]
    [InlineData("proc A\n# cs { } in a comment\nexpect value(A, 0) == 0\n", false)]
    [InlineData("proc csa\n", false)]
    public void A_start_script_with_snippets_is_recognised(string text, bool snippets) =>
        Assert.Equal(snippets, ReplEngine.HasSnippet(text));
}
