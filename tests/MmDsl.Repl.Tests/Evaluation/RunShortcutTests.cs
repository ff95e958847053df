using MmDsl.Repl.Cli;

namespace MmDsl.Repl.Tests.Evaluation;

/// <summary>
/// <c>mmdsl run</c> without System.CommandLine: for the arguments it takes, the same output and
/// exit code as the full command line; everything else is left to the full command line.
/// </summary>
public sealed class RunShortcutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmdsl-shortcut-").FullName;
    private readonly string _good;
    private readonly string _failing;
    private readonly string _syntax;

    public RunShortcutTests()
    {
        _good = Write("good.mm", "proc A\nmmap buf 4K\nwrite buf = 7\nfork B\nwrite buf\nexpect value(B, buf) == 7\nprint stat(cow_copy)\n");
        _failing = Write("failing.mm", "proc A\nmmap buf 4K\nwrite buf\nexpect refcount(A, buf) == 7\n");
        _syntax = Write("syntax.mm", "proc A\nwrte 0\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> Taken => new()
    {
        { ["run", "GOOD"] },
        { ["run", "GOOD", "--trace"] },
        { ["run", "--no-csharp", "GOOD", "FAILING"] },
        { ["run", "--kernel", "5.16", "GOOD"] },
        { ["run", "-k", "all", "GOOD"] },
        { ["run", "-k", "latest", "--trace", "--no-csharp", "GOOD"] },
        { ["run", "--kernel", "run", "GOOD"] },
        { ["run", "FAILING"] },
        { ["run", "SYNTAX", "GOOD"] },
        { ["run", "GOOD", "test"] },
        { ["run", "missing.mm"] },
        { ["run", "[diagram]", "GOOD"] },
    };

    public static TheoryData<string[]> Declined => new()
    {
        { [] },
        { ["run"] },
        { ["run", "--help"] },
        { ["run", "-h", "GOOD"] },
        { ["run", "GOOD", "/?"] },
        { ["run", "GOOD", "/h"] },
        { ["run", "--trace", "false", "GOOD"] },
        { ["run", "--trace", "True", "GOOD"] },
        { ["run", "--trace", "--trace", "GOOD"] },
        { ["run", "@GOOD"] },
        { ["run", "--kernel=6.1", "GOOD"] },
        { ["run", "-k:6.1", "GOOD"] },
        { ["run", "-k", "6.1", "-k", "6.1", "GOOD"] },
        { ["run", "GOOD", "--kernel"] },
        { ["run", "--kernel", "--trace", "GOOD"] },
        { ["run", "--", "GOOD"] },
        { ["run", "-", "GOOD"] },
        { ["run", "GOOD", "--host"] },
        { ["run", ""] },
        { ["Run", "GOOD"] },
        { ["--trace", "run", "GOOD"] },
        { ["-e", "proc A"] },
        { ["test", "GOOD"] },
        { ["bench", "--quick"] },
    };

    [Theory]
    [MemberData(nameof(Taken))]
    public void Takes_plain_runs_and_does_what_the_command_line_does(string[] args)
    {
        args = Paths(args);
        var (shortOutput, shortError) = (new StringWriter(), new StringWriter());
        Assert.True(RunShortcut.TryRun(args, shortOutput, shortError, out var shortExit));
        var (fullOutput, fullError) = (new StringWriter(), new StringWriter());
        var fullExit = CommandLine.Run(args, fullOutput, fullError);
        Assert.Equal(fullOutput.ToString(), shortOutput.ToString());
        Assert.Equal(fullError.ToString(), shortError.ToString());
        Assert.Equal(fullExit, shortExit);
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void Leaves_everything_else_to_the_command_line(string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.False(RunShortcut.TryRun(Paths(args), output, error, out _));
        Assert.Empty(output.ToString());
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void An_exception_is_reported_as_the_command_line_reports_it()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = RunShortcut.ReportAsCommandLine(new InvalidOperationException("broken"), output, error);
        Assert.Equal(1, exit);
        Assert.Contains("System.InvalidOperationException: broken", error.ToString());
        Assert.Empty(output.ToString());
    }

    private string[] Paths(string[] args) =>
        [.. args.Select(a => a.Replace("GOOD", _good).Replace("FAILING", _failing).Replace("SYNTAX", _syntax))];

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
