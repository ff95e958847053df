using System.Diagnostics;
using MmDsl.LiveKernel.Runs;
using MmDsl.LiveKernel.Vm;
using MmDsl.Runtime.Tests.Snippets;

namespace MmDsl.Runtime.Tests.Vm;

/// <summary>
/// <c>mmdsl diff --vm KERNEL</c>: the script runs on the kernel in the virtual machine, the simulated
/// side follows that kernel's exact version, and nothing of the guest outlives the run.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class VmDiffTests
{
    private static string[] QemuProcesses() =>
        Process.GetProcessesByName("qemu-system-x86_64").Select(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string[] TemporaryDirectories() =>
        Directory.GetDirectories(Path.GetTempPath(), $"mmdsl-vm-{Environment.ProcessId}-*");

    [VmFact("6.1", NeedsHub = true)]
    public void Diff_of_the_seed_claim_on_6_1_agrees_and_leaves_no_qemu_initramfs_or_swap()
    {
        var qemuBefore = QemuProcesses();
        var script = Path.Combine(ApiTests.RepoRoot(), "scripts", "300-eras", "seed-claim.mm");
        var output = new StringWriter { NewLine = "\n" };
        int exit;
        using (var vm = VmTarget.Start(new VmGuestOptions { Kernel = KernelCache.Kernel("6.1")!, Accel = VmAccel.Tcg, SwapBytes = 64 << 20 }))
        {
            Assert.Equal(67108864, vm.Guest.SwapBytes);
            exit = DiffRunner.Run([script], new DiffOptions(), output);
        }
        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains($"simulated {KernelCache.Version("6.1")!.Split('-')[0]} (era 5.19-6.8) vs host Linux 6.1.", text, StringComparison.Ordinal);
        Assert.Contains("expect fresh_page_reused      pass       pass", text, StringComparison.Ordinal);
        Assert.Matches(@"rows: [1-9]\d* agree, 0 disagree", text);
        Assert.Empty(QemuProcesses().Except(qemuBefore));
        Assert.Empty(TemporaryDirectories());
    }

    [VmFact("5.10", NeedsHub = true)]
    public void A_run_on_5_10_follows_the_guests_exact_stable_version()
    {
        var script = Path.Combine(Path.GetTempPath(), $"mmdsl-vm-run-{Environment.ProcessId}.mm");
        File.WriteAllText(script, "proc A\nmmap buf 4K\nwrite buf = 5\nprint value(A, buf)\n");
        try
        {
            var output = new StringWriter { NewLine = "\n" };
            using (VmTarget.Start(new VmGuestOptions { Kernel = KernelCache.Kernel("5.10")!, Accel = VmAccel.Tcg }))
            {
                var exit = Runtime.Running.ScriptRunner.RunFile(script, new Runtime.Running.RunOptions { Host = true, LiveKernel = HostRun.Run }, output);
                Assert.True(exit == 0, output.ToString());
                Assert.Equal("5.10.223", LiveKernel.Scripts.HostKernel.Version?.ToString());
            }
            Assert.EndsWith("value(A, buf) = 5\n", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
