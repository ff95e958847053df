using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Running;
using Xunit;

namespace MmDsl.Repl.Tests.Cli;

/// <summary>
/// <c>--jobs</c> with several kernels: the eras of <c>--kernel all</c>, of a kernel list and of
/// <c>compare</c> run at once, and what is printed and the exit code are those of one era after another.
/// </summary>
public sealed class ErasAtOnceTests
{
    /// <summary>Every script under scripts/ but the benchmarks (a million pages per era) and the live-kernel ones.</summary>
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        var root = Repository.Root() ?? throw new InvalidOperationException("no repository");
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "scripts"), "*.mm", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("scripts/bench/", StringComparison.Ordinal) && !p.Contains("/lib/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            data.Add(path);
        }
        return data;
    }

    private static (int Exit, string Output) Run(string path, string kernel, int jobs, CancellationToken cancellation = default)
    {
        var root = Repository.Root()!;
        var output = new StringWriter { NewLine = "\n" };
        var full = Path.Combine(root, path);
        var source = new SourceText(path, File.ReadAllText(full).Replace("\r\n", "\n")) { BaseDirectory = Path.GetDirectoryName(full) };
        var exit = ScriptRunner.Run(source, new RunOptions { Kernel = kernel, Jobs = jobs, Snippets = SnippetHosts.Factory, Cancellation = cancellation }, output);
        return (exit, output.ToString());
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_script_under_every_era_prints_the_same_at_once_as_one_after_another(string path)
    {
        var (exit, output) = Run(path, "all", jobs: 1);
        var (atOnce, printed) = Run(path, "all", jobs: 4);
        Assert.Equal(output, printed);
        Assert.Equal(exit, atOnce);
    }

    [Theory]
    [InlineData("scripts/300-eras/seed-claim.mm")]
    [InlineData("scripts/310-cowc/swapped-pte-mapped-thp.mm")]
    public void A_kernel_list_prints_the_same_at_once(string path)
    {
        Assert.Equal(Run(path, "5.4,5.16,6.1,6.18", jobs: 1), Run(path, "5.4,5.16,6.1,6.18", jobs: 3));
    }

    [Fact]
    public void Compare_prints_the_same_table_and_fails_the_same_at_once()
    {
        // One row differs between eras, one outcome is not as stated in some eras: the table and the exit code 1.
        const string text = "compare {\nproc A\nmmap buf 4K\nwrite buf\nfork B\nexit B\nwrite buf\nprint stat(pgreuse)\nexpect stat(pgreuse) == 1 fails on 5.9-5.17\n}\n";
        (int, string) RunCompare(int jobs)
        {
            var output = new StringWriter { NewLine = "\n" };
            return (ScriptRunner.Run(new SourceText("c.mm", text), new RunOptions { Kernel = "6.18", Jobs = jobs }, output), output.ToString());
        }
        var sequential = RunCompare(1);
        Assert.Equal(sequential, RunCompare(4));
        Assert.Contains("*!  expect stat(pgreuse) == 1", sequential.Item2);
        Assert.Equal(ExitCodes.Failed, sequential.Item1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Ctrl_C_stops_every_era_and_prints_no_table(int jobs)
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var output = new StringWriter();
        Assert.Throws<OperationCanceledException>(() => ScriptRunner.Run(
            new SourceText("c.mm", "proc A\nmmap buf 4K\nexpect 1 == 1\n"),
            new RunOptions { Kernel = "all", Jobs = jobs, Cancellation = cancel.Token },
            output));
        Assert.Equal(string.Empty, output.ToString());
        // As for a run of one era: System.CommandLine's handler says nothing of a cancellation, and exits 1.
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Failed, RunShortcut.ReportAsCommandLine(new OperationCanceledException(), output, error));
        Assert.Equal(string.Empty, error.ToString() + output);
    }

    [Fact]
    public void Jobs_is_an_option_of_run_and_of_the_repl()
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter();
        var root = Repository.Root()!;
        var exit = CommandLine.Run(["run", "--kernel", "all", "--jobs", "3", Path.Combine(root, "scripts/300-eras/seed-claim.mm")], output, error);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("7 eras", output.ToString());
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["-j", "2", "-e", "compare { expect 1 == 1 }"], output, error));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("5.4,6.18")]
    public void No_csharp_holds_in_every_era(string kernel)
    {
        var marker = Path.Combine(Path.GetTempPath(), $"mmdsl-no-csharp-{Environment.ProcessId}-{kernel.Length}");
        File.Delete(marker);
        var output = new StringWriter { NewLine = "\n" };
        var exit = ScriptRunner.Run(
            new SourceText("c.mm", $"proc A\ncs {{ System.IO.File.WriteAllText(\"{marker}\", \"ran\"); }}\nprint 1\n"),
            new RunOptions { Kernel = kernel, NoCSharp = true, Snippets = SnippetHosts.Factory },
            output);
        Assert.False(File.Exists(marker), "a snippet ran under --no-csharp");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("C# snippets are disabled", output.ToString());
    }
}
