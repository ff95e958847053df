using System.Xml;
using System.Xml.Linq;
using MmDsl.LiveKernel.Runs;
using MmDsl.LiveKernel.Vm;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Tests.Snippets;

namespace MmDsl.Runtime.Tests.Vm;

/// <summary>
/// <c>mmdsl report FILE --vm 6.1</c>: the page of the seed claim with the kernel in the virtual
/// machine beside the simulator, which follows that kernel's exact version. One boot.
/// </summary>
[Collection(VmCollection.Name)]
public sealed class VmReportTests
{
    [VmFact("6.1", NeedsHub = true)]
    public void The_report_of_the_seed_claim_beside_6_1_has_its_table_and_output_per_step()
    {
        var script = Path.Combine(ApiTests.RepoRoot(), "scripts", "300-eras", "seed-claim.mm");
        var target = Path.Combine(Path.GetTempPath(), $"mmdsl-vm-report-{Environment.ProcessId}.html");
        try
        {
            var output = new StringWriter { NewLine = "\n" };
            int exit;
            using (var vm = VmTarget.Start(new VmGuestOptions { Kernel = KernelCache.Kernel("6.1")!, Accel = VmAccel.Tcg, SwapBytes = 64 << 20 }))
            {
                exit = HostReport.Write(script, target, new RunOptions(), output, $"vm: {vm.Description}");
            }
            var text = output.ToString();
            Assert.True(exit == 0, text);
            var version = KernelCache.Version("6.1")!.Split('-')[0];
            Assert.Contains($"report: kernel {version} (era 5.19-6.8)", text, StringComparison.Ordinal);
            Assert.Matches(@"against vm: Linux 6\.1\.[^:]* in QEMU \(tcg\)[^:]*: \d+ rows: [1-9]\d* agree, 0 disagree", text);

            var doc = XDocument.Load(XmlReader.Create(new StringReader(File.ReadAllText(target)), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));
            var real = doc.Descendants("section").Single(e => (string?)e.Attribute("id") == "real");
            var rows = real.Descendants("tr").Skip(1).Select(r => r.Elements("td").Select(td => td.Value).ToList()).ToList();
            Assert.Contains(["expect fresh_page_reused", "pass", "pass", ""], rows);
            Assert.Contains(["expect swapcache_page_reused", "pass", "pass", ""], rows);
            var reals = doc.Descendants("pre").Where(p => (string?)p.Attribute("class") == "real").Select(p => p.Value).ToList();
            Assert.Contains(reals, r => r.StartsWith("B: fork of A (pid ", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(target);
        }
    }
}
