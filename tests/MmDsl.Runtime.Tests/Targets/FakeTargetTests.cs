using MmDsl.Language.Commands;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using Interp = MmDsl.Runtime.Scripting.Interpreter;

namespace MmDsl.Runtime.Tests.Targets;

/// <summary>
/// The interpreter on its own, over a fake kernel: what the language does (names, operands, loops,
/// rows, errors, commands a backend cannot do) is the interpreter's whatever the backend.
/// </summary>
public class FakeTargetTests
{
    private static (FakeTarget Fake, Interp Interpreter, bool Ok) Run(string text, Backend backend = Backend.Simulator)
    {
        var fake = new FakeTarget(backend);
        var interpreter = new Interp(fake) { StopOnError = true };
        var parsed = ScriptParser.Parse(new SourceText("t.mm", text));
        Assert.True(parsed.Success, string.Join("\n", parsed.Diagnostics.Select(d => d.Format())));
        var ok = interpreter.Run(parsed.Script);
        return (fake, interpreter, ok);
    }

    [Fact]
    public void The_interpreter_binds_names_and_operands_and_the_fake_does_the_memory()
    {
        var (fake, _, ok) = Run("proc A\nmmap buf 8K\nwrite buf = 7\nfork B\nwrite B buf+8 = 9\nprint value(A, buf) + value(B, buf+8)");
        Assert.True(ok, fake.Output.ToString());
        Assert.Equal(["proc A", "mmap A 8192", "fork A B"], fake.Calls);
        Assert.Equal(
            "A: new process (pid 100)\nA: mmap buf 0x0-0x2000 (8K)\nA: write 0 = 7\nB: fork of A (pid 101)\nB: write 8 = 9\nvalue(A, buf) + value(B, buf+8) = 16\n",
            fake.Output.ToString());
        var row = Assert.Single(fake.Script.Observations);
        Assert.Equal("print value(A, buf) + value(B, buf+8)", row.Key);
        Assert.Equal(["value(A, buf)", "value(B, buf+8)"], row.Parts.Select(p => p.Key));
    }

    [Fact]
    public void Range_accesses_and_long_loops_are_summarised_by_the_target()
    {
        var (fake, _, ok) = Run("proc A\nmmap buf 1M\nwrite buf 64K\nfor i in 0..100 { read buf + i * 8 }");
        Assert.True(ok, fake.Output.ToString());
        Assert.Contains("A: write 0x0-0x10000 (16 pages) = 1..16: 16 counted\n", fake.Output.ToString());
        Assert.Contains("for i in 0..100: 100 accesses, 100 counted\n", fake.Output.ToString());
        Assert.False(fake.Script.Names.ContainsKey("i"));
    }

    [Fact]
    public void Unknown_values_skip_expects_and_show_in_prints()
    {
        var (fake, _, ok) = Run("proc A\nmmap buf 4K\nwrite buf\nexpect refcount(A, buf) == 1\nprint present(A, buf)");
        Assert.True(ok, fake.Output.ToString());
        Assert.Contains("t.mm:4: expect skipped: refcount(A, buf) == 1 (unobservable: the fake keeps no refcount)", fake.Output.ToString());
        Assert.Equal(["skipped", "true"], fake.Script.Observations.Select(o => o.Text));
        Assert.Equal(0, fake.Script.FailedExpectations);
    }

    [Fact]
    public void A_form_the_target_cannot_do_is_skipped_and_later_failures_are_not_counted()
    {
        var (fake, interpreter, ok) = Run("proc A\nmmap buf 4K\nwrite buf = 1\nmprotect buf 4K ro\nexpect value(A, buf) == 2\nreset\nproc A\nmmap 4K\nexpect value(A, 0) == 2");
        Assert.True(ok, fake.Output.ToString());
        var output = fake.Output.ToString();
        Assert.Contains("mprotect buf 4K ro: not on the fake: the fake cannot\n", output);
        Assert.Contains("expect failed, not counted: value(A, buf) == 2 (left 1, right 2; 'mprotect buf 4K ro' is not on the fake: the fake cannot)", output);
        Assert.Contains("t.mm:9: expect failed: value(A, 0) == 2", output);
        Assert.Equal(1, interpreter.Skipped);
        Assert.Equal(1, fake.Script.FailedExpectations);
        Assert.StartsWith("not compared: ", fake.Script.Observations[0].Skipped);
        Assert.Null(fake.Script.Observations[1].Skipped);
    }

    [Fact]
    public void Commands_the_command_table_keeps_from_a_backend_never_reach_it()
    {
        var (fake, interpreter, ok) = Run("proc A\nreclaim\ntrace on\ncheck", Backend.LiveKernel);
        Assert.True(ok, fake.Output.ToString());
        Assert.Contains($"reclaim: not on the fake: {CommandFacts.Find("reclaim")!.NotOnLiveKernel}\n", fake.Output.ToString());
        Assert.Contains($"check: not on the fake: {CommandFacts.Find("check")!.NotOnLiveKernel}\n", fake.Output.ToString());
        Assert.Equal(3, interpreter.Skipped);
        var (simulated, _, _) = Run("proc A\ncheck");
        Assert.Contains("check: the fake keeps no invariants", simulated.Output.ToString());
    }

    [Fact]
    public void Errors_are_positioned_and_a_broken_backend_is_reported_not_thrown()
    {
        var (fake, _, ok) = Run("proc A\nwrite B 0 4K");
        Assert.False(ok);
        Assert.Contains("t.mm:2:7: unknown process 'B'", fake.Output.ToString());
        var (broken, _, brokenOk) = Run("proc A\nshrink");
        Assert.False(brokenOk);
        Assert.Contains("t.mm:2:1: fake: the fake's shrinker broke", broken.Output.ToString());
        Assert.Equal(1, broken.Script.Errors);
    }

    [Fact]
    public void Accesses_log_their_outcomes_for_diff()
    {
        var (fake, _, ok) = Run("proc A\nmmap 4K\nread 0x2000\nread 0x2000");
        Assert.True(ok, fake.Output.ToString());
        Assert.Equal(["read 0x2000: SIGSEGV", "read 0x2000 #2: SIGSEGV"], fake.Script.Outcomes.Rows.Select(r => $"{r.Key}: {r.Text}"));
    }
}
