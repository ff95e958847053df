using MmDsl.LiveKernel.Runs;
using MmDsl.LiveKernel.Vm;
using MmDsl.Runtime.Tests.Snippets;
using Xunit.Abstractions;

namespace MmDsl.Runtime.Tests.Vm;

/// <summary>
/// Every golden script, diffed against each kernel that boots here (one boot per kernel, with 64M of
/// zram swap): the simulator under the guest's exact version and the real kernel must agree on
/// every row both observe. A script that shows a known simulator bug or a kernel quirk the
/// simulator leaves out says so with <c># vm VERSIONS: disagrees REASON</c> (it must still
/// disagree), and one that cannot run in a guest with <c># vm: skip REASON</c>; docs/vm.md lists them.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class VmScriptsTests(ITestOutputHelper output)
{
    [VmFact("5.10", NeedsHub = true)]
    public void Every_script_agrees_with_5_10() => EveryScriptAgrees("5.10");

    [VmFact("6.1", NeedsHub = true)]
    public void Every_script_agrees_with_6_1() => EveryScriptAgrees("6.1");

    [VmFact("6.12", NeedsHub = true)]
    public void Every_script_agrees_with_6_12() => EveryScriptAgrees("6.12");

    /// <summary>The scripts under scripts/, pieces in lib/ aside, in a stable order.</summary>
    public static IReadOnlyList<string> Scripts()
    {
        var root = Path.Combine(ApiTests.RepoRoot(), "scripts");
        return [.. Directory.EnumerateFiles(root, "*.mm", SearchOption.AllDirectories)
            .Where(f => !f.Replace('\\', '/').Contains("/lib/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    private void EveryScriptAgrees(string series)
    {
        var problems = new List<string>();
        int compared = 0, skipped = 0, known = 0;
        using (var vm = VmTarget.Start(new VmGuestOptions { Kernel = KernelCache.Kernel(series)!, Accel = VmAccel.Tcg, SwapBytes = 64 << 20 }))
        {
            output.WriteLine($"vm: {vm.Description}");
            foreach (var script in Scripts())
            {
                var diff = DiffRunner.Diff(script, new DiffOptions());
                var text = new StringWriter { NewLine = "\n" };
                DiffRunner.Print(diff, new DiffOptions(), text);
                output.WriteLine(text.ToString());
                if (diff.Problem is { } problem)
                {
                    problems.Add($"{Path.GetRelativePath(ApiTests.RepoRoot(), script)}: {problem}\n{text}");
                }
                compared += diff.Table is not null ? 1 : 0;
                skipped += diff.Skipped is not null ? 1 : 0;
                known += diff is { KnownDisagreement: not null, Table.Agrees: false } ? 1 : 0;
            }
        }
        output.WriteLine($"{series}: {compared} compared ({known} known disagreements), {skipped} skipped");
        Assert.True(problems.Count == 0, $"{problems.Count} script(s) on {series}:\n" + string.Join("\n", problems));
        Assert.True(compared >= Scripts().Count / 2, $"only {compared} of {Scripts().Count} scripts could be compared on {series}");
    }
}
