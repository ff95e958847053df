using MmDsl.LiveKernel.Runs;
using MmDsl.LiveKernel.Scripts;
using MmDsl.Runtime.Running;
using Xunit.Abstractions;

namespace MmDsl.Scripts.Tests.Host;

/// <summary>
/// <c>mmdsl diff</c> over every script the host can run: the simulator, under the running kernel's
/// era, and the live kernel must agree on every row both can observe. A script marked
/// <c># host: disagrees</c> shows a simulator bug not fixed yet: it must still disagree, so that
/// the mark goes once the engine is fixed. A script of which no row could be compared must say why
/// with <c># host: skip</c>.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostDiffTests(ITestOutputHelper output)
{
    /// <summary>On a machine without swap, the scripts that need it get a swap file of this size.</summary>
    public const long SwapBytes = 64L << 20;

    [HostScriptTheory]
    public void Simulator_and_host_agree(string script)
    {
        var path = Path.Combine(RepoPaths.Root, script);
        var diff = DiffRunner.Diff(path, new DiffOptions { SwapBytes = SwapBytes });
        var text = new StringWriter { NewLine = "\n" };
        DiffRunner.Print(diff, new DiffOptions { ShowRuns = true }, text);
        output.WriteLine(text.ToString());

        Assert.True(diff.ExitCode != 2, $"{script} did not parse");
        var table = Assert.IsType<DiffTable>(diff.Table);
        var known = HostScriptNeeds.Parse(File.ReadAllText(path)).Disagrees;
        if (known is not null)
        {
            Assert.False(table.Agrees, $"{script} is marked '# host: disagrees {known}', but agrees now: remove the mark");
            return;
        }
        Assert.True(table.Agrees, $"{script}: {table.Count(DiffMark.Disagree)} disagreement(s):\n{text}");
        Assert.True(table.Compared, $"{script}: no row could be compared; say why with '# host: skip REASON':\n{text}");
    }
}
