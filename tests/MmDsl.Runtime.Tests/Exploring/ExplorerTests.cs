using MmDsl.Engine.Eras;
using MmDsl.Runtime.Exploring;

namespace MmDsl.Runtime.Tests.Exploring;

public sealed class ExplorerTests
{
    private const string CveWorld = """
        # explore: processes A B
        # explore: ops fork exit write vmsplice munmap
        # explore: depth 4
        set memory 64M
        proc A
        mmap buf 4K
        write A buf = 1
        """;

    private static (ExploreRoot Root, ExploreResult Result) Explore(string text, string kernel, int jobs = 1)
    {
        var (world, error) = ExploreWorld.Parse("world.mm", text);
        Assert.Null(error);
        Assert.True(KernelVersion.TryParse(kernel, out var version));
        var (root, setup) = ExploreRoot.Build(world!, version);
        Assert.Null(setup);
        return (root!, Explorer.Run(root!, new ExploreOptions { Jobs = jobs }));
    }

    [Fact]
    public void Finds_the_vmsplice_leak_under_5_7_as_a_four_step_script_and_nothing_under_6_18()
    {
        var (_, old) = Explore(CveWorld, "5.7");
        var leak = Assert.Single(old.Findings);
        Assert.Equal(ViolationKind.PrivateMemory, leak.Violation.Kind);
        Assert.Equal(4, leak.Path.Count);
        Assert.Contains(leak.Path, op => op.Kind == OpKind.Vmsplice);
        Assert.StartsWith("expect handle(#1) == ", leak.Violation.Expect, StringComparison.Ordinal);

        var (_, fixedKernel) = Explore(CveWorld, "6.18");
        Assert.Empty(fixedKernel.Findings);
        Assert.Equal(4, fixedKernel.NewStatesByDepth.Count);
        Assert.True(fixedKernel.States > 100, $"{fixedKernel.States} states");
    }

    [Fact]
    public void The_script_it_prints_fails_its_expect_when_run()
    {
        var (root, result) = Explore(CveWorld, "5.7");
        var script = ExploreReport.Script(root, result, result.Findings[0]);
        var output = new StringWriter { NewLine = "\n" };
        var code = Runtime.Running.ScriptRunner.Run(new Language.Text.SourceText("found.mm", script), new Runtime.Running.RunOptions { NoCSharp = true }, output);
        Assert.Equal(1, code);
        Assert.Contains("expect failed: handle(#1)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("do_wp_page", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_number_of_workers()
    {
        const string world = """
            # explore: processes A B
            # explore: ops fork exit write pin-ro unpin swapout mprotect-ro mprotect-rw
            # explore: depth 4
            set memory 64M
            proc A
            mmap buf 4K
            write A buf = 1
            """;
        foreach (var kernel in new[] { "5.18", "6.18" })
        {
            var (root, one) = Explore(world, kernel, jobs: 1);
            var (_, three) = Explore(world, kernel, jobs: 3);
            Assert.Equal(one.NewStatesByDepth, three.NewStatesByDepth);
            Assert.Equal(one.Transitions, three.Transitions);
            Assert.Equal(one.Cost, three.Cost);
            Assert.Equal(one.Findings.Select(f => ExploreReport.Script(root, one, f)), three.Findings.Select(f => ExploreReport.Script(root, three, f)));
        }
    }

    [Fact]
    public void Random_walks_depend_on_the_seed_alone_and_find_the_leak_too()
    {
        var (world, _) = ExploreWorld.Parse("world.mm", CveWorld);
        Assert.True(KernelVersion.TryParse("5.7", out var version));
        var (root, _) = ExploreRoot.Build(world!, version);
        var one = Explorer.Run(root!, new ExploreOptions { Jobs = 1, Sample = 400, Seed = 11 });
        var three = Explorer.Run(root!, new ExploreOptions { Jobs = 3, Sample = 400, Seed = 11 });
        Assert.Equal(400, one.Walks);
        Assert.Equal(one.NewStatesByDepth, three.NewStatesByDepth);
        Assert.Equal(one.Transitions, three.Transitions);
        Assert.Equal(one.Findings.Select(f => string.Join(";", f.Path)), three.Findings.Select(f => string.Join(";", f.Path)));
        Assert.Contains(one.Findings, f => f.Violation.Kind == ViolationKind.PrivateMemory);
        var other = Explorer.Run(root!, new ExploreOptions { Jobs = 1, Sample = 400, Seed = 12 });
        Assert.NotEqual(one.NewStatesByDepth, other.NewStatesByDepth);
    }

    [Fact]
    public void Cancellation_stops_the_search_and_keeps_what_it_found()
    {
        var (world, _) = ExploreWorld.Parse("world.mm", CveWorld);
        Assert.True(KernelVersion.TryParse("5.7", out var version));
        var (root, _) = ExploreRoot.Build(world!, version);
        using var cancel = new CancellationTokenSource();
        var levels = 0;
        var result = Explorer.Run(root!, new ExploreOptions
        {
            Jobs = 2,
            Cancellation = cancel.Token,
            // Ctrl-C during the third level.
            Progress = new SyncProgress(p => { if (p.Depth == 3 && ++levels == 1) { cancel.Cancel(); } }),
        });
        Assert.True(result.Stopped);
        Assert.Equal("stopped (Ctrl-C)", result.StopReason);
        Assert.Equal([3L, 12L, 46L], result.NewStatesByDepth);
        Assert.Equal(3, result.Depth);
    }

    private sealed class SyncProgress(Action<ExploreProgress> report) : IProgress<ExploreProgress>
    {
        public void Report(ExploreProgress value) => report(value);
    }

    [Fact]
    public void Equal_states_are_explored_once()
    {
        // Reading a written page changes nothing: the read leads back to the setup's state, so
        // the search ends after one transition instead of trying three levels.
        const string world = """
            # explore: processes A
            # explore: ops read
            # explore: depth 3
            proc A
            mmap buf 4K
            write A buf = 1
            """;
        var (_, result) = Explore(world, "6.18");
        Assert.Equal(1, result.Transitions);
        Assert.Equal(1, result.States);
        Assert.Equal([0L], result.NewStatesByDepth);
    }

    [Fact]
    public void A_failed_operation_changes_no_value_of_the_model()
    {
        // A write to a read-only page is a SIGSEGV: the model must not take the value.
        const string world = """
            # explore: processes A
            # explore: ops write mprotect-ro
            # explore: depth 3
            proc A
            mmap buf 4K
            write A buf = 1
            """;
        var (_, result) = Explore(world, "6.18");
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_R_O_pin_of_a_page_shared_with_a_child_goes_stale_in_5_18_and_not_in_5_19()
    {
        const string world = """
            # explore: processes A B
            # explore: ops fork write pin-ro
            # explore: depth 3
            set memory 64M
            proc A
            mmap buf 4K
            write A buf = 1
            """;
        var (_, old) = Explore(world, "5.18");
        var stale = Assert.Single(old.Findings);
        Assert.Equal(ViolationKind.PinCoherence, stale.Violation.Kind);
        Assert.Equal(["fork B from A", "pin A buf 4K ro longterm", "write A buf = 1003"], stale.Path.Select(o => o.Text));
        Assert.Empty(Explore(world, "5.19").Result.Findings);
    }

    [Theory]
    [InlineData("# explore: depth 0\nproc A\n", "world.mm:1:18: 'depth' takes one number from 1 to 64")]
    [InlineData("proc A\n# explore: ops fork jump\n", "world.mm:2:21: unknown operation 'jump'")]
    [InlineData("# explore: colour blue\n", "world.mm:1:12: unknown key 'colour'")]
    [InlineData("# explore: processes A A\n", "world.mm:1:24: 'A' is named twice")]
    public void A_bad_declaration_is_a_positioned_error(string text, string expected)
    {
        var (world, error) = ExploreWorld.Parse("world.mm", text);
        Assert.Null(world);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proc A\nmmap buf 4K\nwrite A buf = \n", "world.mm:3:")]
    [InlineData("proc A\n", "the setup maps nothing")]
    [InlineData("proc C\nmmap buf 4K\n", "process C, not among")]
    [InlineData("proc A\nmmap buf 4K\nwrite A buf\npin A buf 4K\n", "leaves handles open")]
    public void A_setup_that_cannot_be_explored_says_why(string text, string expected)
    {
        var (world, _) = ExploreWorld.Parse("world.mm", text);
        var (root, error) = ExploreRoot.Build(world!, null);
        Assert.Null(root);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
