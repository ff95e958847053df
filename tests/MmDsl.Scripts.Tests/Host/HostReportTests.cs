using System.Xml;
using System.Xml.Linq;
using MmDsl.LiveKernel.Scripts;
using MmDsl.Repl.Cli;
using Xunit.Abstractions;

namespace MmDsl.Scripts.Tests.Host;

/// <summary>
/// <c>mmdsl report FILE --host</c>: the page of a small script with this machine's kernel beside
/// the simulator, which follows its exact version.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostReportTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mmdsl-host-report");

    public void Dispose() => _dir.Delete(recursive: true);

    [HostRunFact]
    public void The_report_on_the_host_has_the_real_kernels_table_and_output_per_step()
    {
        var script = Path.Combine(_dir.FullName, "small.mm");
        File.WriteAllText(script, "proc A\nmmap buf 8K\nwrite buf = 1\nfork B\nwrite B buf = 2\nprint value(A, buf)\nexpect mapcount(A, buf) == 1\n");
        var target = Path.Combine(_dir.FullName, "small.html");
        var text = new StringWriter { NewLine = "\n" };
        var exit = CommandLine.Run(["report", script, "--host", "-o", target], text, text);
        output.WriteLine(text.ToString());
        Assert.True(exit == 0, text.ToString());
        Assert.Contains($"against host Linux {HostKernel.Release}: ", text.ToString(), StringComparison.Ordinal);

        var doc = XDocument.Load(XmlReader.Create(new StringReader(File.ReadAllText(target)), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));
        var real = doc.Descendants("section").Single(e => (string?)e.Attribute("id") == "real");
        Assert.Contains($"host Linux {HostKernel.Release}", real.Value, StringComparison.Ordinal);
        Assert.Contains($"Simulated {HostKernel.Version}", real.Value, StringComparison.Ordinal);
        var rows = real.Descendants("tr").Skip(1).Select(r => r.Elements("td").Select(td => td.Value).ToList()).ToList();
        Assert.Contains(["print value(A, buf)", "1", "1", ""], rows);
        Assert.Contains(["expect mapcount(A, buf) == 1", "pass", "pass", ""], rows);

        var steps = doc.Descendants("section").Where(e => ((string?)e.Attribute("class") ?? "").Split(' ').Contains("step")).ToList();
        Assert.Equal(7, steps.Count);
        var reals = steps.Select(s => s.Descendants("pre").SingleOrDefault(p => (string?)p.Attribute("class") == "real")?.Value).ToList();
        Assert.Matches(@"^A: new process \(pid \d+\)$", reals[0]);
        Assert.Equal("A: mmap buf 0x0-0x2000 (8K)", reals[1]);
        Assert.StartsWith("B: fork of A (pid ", reals[3], StringComparison.Ordinal);
        Assert.Equal("value(A, buf) = 1", reals[5]);
    }

    [Fact]
    public void The_kernel_option_does_not_go_with_the_host()
    {
        var script = Path.Combine(_dir.FullName, "k.mm");
        File.WriteAllText(script, "proc A\n");
        var text = new StringWriter { NewLine = "\n" };
        Assert.Equal(2, CommandLine.Run(["report", script, "--host", "--kernel", "5.10", "-o", Path.Combine(_dir.FullName, "k.html")], text, text));
        Assert.Contains("--kernel does not apply", text.ToString(), StringComparison.Ordinal);
    }
}
