using System.Globalization;
using System.Text.RegularExpressions;
using MmDsl.LiveKernel.Runs;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Scripts;
using MmDsl.Runtime.Running;
using Xunit.Abstractions;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed partial class HostInterpreterTests(ITestOutputHelper output)
{
    [HostFact(HostRequirement.PageFrames)]
    public void Mappings_land_where_the_simulator_puts_them()
    {
        var diff = Diff("""
            proc A
            mmap small 8K
            mmap huge 4M thp
            mmap plain 2M nothp
            mmap fixed 4K at 1G
            mremap small 8K 64K
            munmap plain 4K
            mmap hole 4K
            print small
            print huge
            print plain
            print fixed
            print hole
            write huge 2M
            print pmd_mapped(A, huge)
            """);

        Assert.True(diff.Table!.Agrees);
        Assert.Equal(6, diff.Table.Count(DiffMark.Agree));
    }

    [HostFact(HostRequirement.PageFrames)]
    public void An_expect_on_what_user_space_cannot_see_is_skipped_never_passed()
    {
        var run = Run("""
            proc A
            mmap buf 4K
            write buf
            expect refcount(A, buf) == 1
            expect not writable(A, buf) or present(A, buf)
            """, out var text);

        Assert.Equal(0, run.FailedExpectations);
        var skipped = run.Observations[0];
        Assert.Equal("skipped", skipped.Text);
        Assert.Null(skipped.Passed);
        Assert.StartsWith("unobservable:", skipped.Skipped, StringComparison.Ordinal);
        Assert.Contains("expect skipped: refcount(A, buf) == 1", text, StringComparison.Ordinal);
        Assert.True(run.Observations[1].Passed);
    }

    [HostFact(HostRequirement.PageFrames)]
    public void A_handle_the_host_cannot_take_keeps_its_number_and_later_rows_are_not_compared()
    {
        var run = Run("""
            proc A
            mmap buf 8K
            write buf 8K = 5
            get A buf
            vmsplice A buf+4K
            print handle(#2)
            print handle(#1)
            reset
            proc A
            mmap buf 4K
            print rss(A)
            """, out _);

        Assert.Equal(1, run.Skipped);
        Assert.Equal("5", run.Observations[0].Text);
        Assert.StartsWith("not compared: 'get A buf' is not on the host", run.Observations[0].Skipped, StringComparison.Ordinal);
        Assert.StartsWith("not on the host: get_user_pages", run.Observations[1].Skipped, StringComparison.Ordinal);
        Assert.Null(run.Observations[2].Skipped);
    }

    [HostFact]
    public void Reset_and_the_end_of_a_run_end_every_agent()
    {
        Run("""
            proc A
            fork B
            reset
            proc C
            fork D
            """, out var text);

        var pids = PidPattern().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, pids.Count);
        Assert.True(Eventually(() => AgentsOf(pids).Count == 0), $"still running: {string.Join(", ", AgentsOf(pids))}");
    }

    [HostFact(HostRequirement.PageFrames | HostRequirement.Thp)]
    public void Split_splits_the_pmd_and_leaves_the_mapping_as_it_was()
    {
        var diff = Diff("""
            proc A
            mmap buf 2M thp
            write buf 2M
            split buf
            expect not pmd_mapped(A, buf) and thp(A, buf)
            print stat(thp_split_pmd)
            print value(A, buf + 1M)
            """);

        Assert.True(diff.Table!.Agrees);
        Assert.True(diff.Table.Compared);
    }

    private ScriptDiff Diff(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-host-{Environment.ProcessId}.mm");
        File.WriteAllText(path, text);
        try
        {
            var diff = DiffRunner.Diff(path, new DiffOptions());
            var shown = new StringWriter();
            DiffRunner.Print(diff, new DiffOptions { ShowRuns = true }, shown);
            output.WriteLine(shown.ToString());
            return diff;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private HostRunResult Run(string text, out string printed)
    {
        var parsed = ScriptParser.Parse(new SourceText("test.mm", text));
        Assert.True(parsed.Success);
        var writer = new StringWriter { NewLine = "\n" };
        var result = HostScriptRunner.Run(parsed.Script, writer, new HostRunOptions { Session = new LiveSessionOptions { ParkKhugepaged = false } });
        printed = writer.ToString();
        output.WriteLine(printed);
        return result;
    }

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex PidPattern();
}
