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
/// with <c># host: skip</c>. Marks may name kernel versions (<c># host 6.18: ...</c>); the
/// virtual machines' runs of the same scripts are VmScriptsTests.
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

        Assert.True(diff.Problem is null, $"{script}: {diff.Problem}:\n{text}");
    }
}
