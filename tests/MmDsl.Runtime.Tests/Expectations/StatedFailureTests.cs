using MmDsl.Language.Text;
using MmDsl.Runtime.Running;

namespace MmDsl.Runtime.Tests.Expectations;

/// <summary>
/// <c>expect COND fails on VERSIONS</c>: on a named kernel a failure is expected (xfail) and a pass
/// is the surprise (xpass); <c>--kernel all</c> and <c>compare</c> exit 1 exactly when some era's
/// outcome is not the stated one.
/// </summary>
public sealed class StatedFailureTests
{
    // After fork the page has two mappers: the condition fails in every era.
    private const string Setup = "proc A\nmmap buf 4K\nwrite buf\nfork B\n";

    private static (int Exit, string Output) Run(string text, string? kernel = null, bool onlyDifferences = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = ScriptRunner.Run(new SourceText("stated.mm", text), new RunOptions { Kernel = kernel, OnlyDifferences = onlyDifferences }, output);
        return (exit, output.ToString());
    }

    [Theory]
    [InlineData("5.10", "5.9-5.17", true)]
    [InlineData("5.17.4", "5.9-5.17", true)]
    [InlineData("5.18", "5.9-5.17", false)]
    [InlineData("5.4", "<=5.7", true)]
    [InlineData("5.8", "<=5.7", false)]
    [InlineData("6.18", "6.15+", true)]
    [InlineData("6.12", ">=6.9", true)]
    [InlineData("6.8", ">=6.9", false)]
    [InlineData("5.10.223", "5.10.223", true)]
    [InlineData("5.10.222", "5.10.223", false)]
    [InlineData("6.1", "5.8 6.1", true)]
    public void A_failure_on_a_stated_kernel_is_expected_and_does_not_fail_the_run(string kernel, string versions, bool covered)
    {
        var (exit, output) = Run(Setup + $"expect mapcount(A, buf) == 1 fails on {versions}\n", kernel);
        Assert.Equal(covered ? 0 : 1, exit);
        Assert.Contains(covered ? $"expect failed as stated (fails on {versions})" : "expect failed: mapcount(A, buf) == 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pass_where_a_failure_is_stated_fails_the_run()
    {
        var (exit, output) = Run(Setup + "expect mapcount(A, buf) == 2 fails on 6.18\n", "6.18");
        Assert.Equal(1, exit);
        Assert.Contains("stated.mm:5: expect passed, but it is stated to fail on 6.18: mapcount(A, buf) == 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public void All_eras_exit_0_when_every_outcome_is_as_stated_and_1_when_one_is_not()
    {
        // refcount after fork: 1 nowhere, so "== 1" fails in every era; stated for all of them, it is as expected.
        var stated = Setup + "expect mapcount(A, buf) == 1 fails on <=5.7 5.8 5.9-5.17 5.18 5.19-6.8 6.9-6.14 6.15+\n";
        var (exit, output) = Run(stated, "all");
        Assert.Equal(0, exit);
        Assert.Contains("xfail", output, StringComparison.Ordinal);
        Assert.DoesNotContain("!", output, StringComparison.Ordinal);

        var missing = stated.Replace(" 5.18 ", " ", StringComparison.Ordinal);
        (exit, output) = Run(missing, "all");
        Assert.Equal(1, exit);
        Assert.Contains("*!  expect mapcount(A, buf) == 1", output, StringComparison.Ordinal);
        Assert.Contains("1 expectation(s) not as stated", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_all_exits_1_on_an_unstated_failure()
    {
        var (exit, _) = Run(Setup + "expect 1 == 2\n", "all");
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Compare_counts_outcomes_not_as_stated_as_failures()
    {
        var (exit, output) = Run("compare {\n" + Setup + "expect mapcount(A, buf) == 1 fails on 5.8\n}\n", "6.18");
        Assert.Equal(1, exit);
        Assert.Contains("fail", output, StringComparison.Ordinal);
        (exit, _) = Run("compare {\n" + Setup + "expect mapcount(A, buf) == 2\n}\n", "6.18");
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Only_differences_hides_the_rows_where_every_era_agrees()
    {
        var (_, output) = Run(Setup + "expect mapcount(A, buf) == 2\nprint refcount(A, buf)\n", "all", onlyDifferences: true);
        Assert.DoesNotContain("expect mapcount(A, buf) == 2", output, StringComparison.Ordinal);
        Assert.Contains("rows where every era agrees are not shown", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_versions_run_side_by_side_in_columns_named_by_version()
    {
        var (exit, output) = Run(Setup + "print refcount(A, buf)\n", "5.4,5.10.223,6.1");
        Assert.Equal(0, exit);
        Assert.Contains("stated.mm: 3 kernels", output, StringComparison.Ordinal);
        Assert.Contains("5.10.223", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expect 1 == 1 fails on 5.x", "'5.x' is not a version or range of versions")]
    [InlineData("expect 1 == 1 fails on", "'on' and kernel versions")]
    [InlineData("expect 1 == 1 fails 5.8", "'5.8' is not a number")]
    public void A_bad_version_list_is_a_positioned_syntax_error(string line, string message)
    {
        var (exit, output) = Run(line + "\n");
        Assert.Equal(2, exit);
        Assert.StartsWith("stated.mm:1:", output, StringComparison.Ordinal);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }
}
