using System.Xml;
using System.Xml.Linq;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Running.Report;

namespace MmDsl.Scripts.Tests;

/// <summary>
/// <c>mmdsl report</c> without a browser: the page is well-formed XML as well as HTML, holds a
/// step per command with its graph, needs nothing from the network, and is the same every time.
/// (The browser's view of it is tested in MmDsl.Repl.Tests, ReportBrowserTests.)
/// </summary>
public sealed class ReportTests
{
    private static string Render(string relative, string? kernel = null)
    {
        var path = Path.Combine(RepoPaths.Scripts, relative);
        var source = new SourceText(relative, File.ReadAllText(path)) { BaseDirectory = Path.GetDirectoryName(path) };
        var parsed = ScriptParser.Parse(source);
        Assert.True(parsed.Success);
        Assert.True(ReportWriter.TryRender(parsed.Script, new RunOptions { Kernel = kernel, NoCSharp = true }, out var html, out _, out var exit, out var problem), problem);
        Assert.Equal(ExitCodes.Ok, exit);
        return html;
    }

    private static XDocument Parse(string html) =>
        XDocument.Load(XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));

    private static IEnumerable<XElement> WithClass(XDocument doc, string name, string cls) =>
        doc.Descendants(name).Where(e => ((string?)e.Attribute("class") ?? string.Empty).Split(' ').Contains(cls));

    [Fact]
    public void The_page_is_well_formed_and_has_a_step_per_command_with_its_graph()
    {
        var html = Render("000-basics/language-tour.mm");
        var doc = Parse(html);
        var steps = WithClass(doc, "section", "step").ToList();
        // kernel, proc, mmap, write, fork, write, show refs and three expects.
        Assert.Equal(10, steps.Count);
        Assert.Equal("fork B", steps[4].Descendants("code").First().Value);
        Assert.NotEmpty(steps[4].Descendants("svg"));
        // The parent's write splits the PMD and copies a page: the new PTE and the copy are highlighted.
        var write = steps[5];
        Assert.Contains("split pmd", write.Descendants("pre").First().Value, StringComparison.Ordinal);
        var changed = WithClass(new XDocument(write), "g", "changed").Select(g => string.Concat(g.Descendants("text").Select(t => t.Value + "\n"))).ToList();
        Assert.Contains(changed, c => c.StartsWith("pte 0x1000 rw", StringComparison.Ordinal));
        Assert.Contains(changed, c => c.StartsWith("folio 0x600 4K", StringComparison.Ordinal));
        Assert.Contains(changed, c => c.StartsWith("pte 0x2000-0x200000 (510) ro [2..511]", StringComparison.Ordinal));
    }

    [Fact]
    public void The_report_command_writes_the_session_so_far()
    {
        var dir = Directory.CreateTempSubdirectory("mmdsl-report");
        try
        {
            var target = Path.Combine(dir.FullName, "session.html");
            var output = new StringWriter { NewLine = "\n" };
            var exit = ScriptRunner.Run(new SourceText("t.mm", $"proc A\nmmap buf 4K\nwrite buf\nshow graph\nreport \"{target}\"\nfork B\n"), new RunOptions(), output);
            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Contains($"report: kernel 6.18 (era 6.15+), 4 steps, 1 process and 1 folio at the end -> {target}", output.ToString(), StringComparison.Ordinal);
            var doc = Parse(File.ReadAllText(target));
            Assert.Equal(["proc A", "mmap buf 4K", "write buf", "show graph"], WithClass(doc, "section", "step").Select(s => s.Descendants("code").First().Value));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_page_needs_no_network_and_no_script()
    {
        var html = Render("000-basics/show-graph-pin-swap.mm");
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Parse(html);
    }

    [Fact]
    public void Two_runs_give_the_same_bytes()
    {
        Assert.Equal(Render("000-basics/show-graph.mm"), Render("000-basics/show-graph.mm"));
        Assert.Equal(Render("300-eras/seed-claim.mm", "all"), Render("300-eras/seed-claim.mm", "all"));
    }

    [Fact]
    public void The_timeline_of_the_split_thp_is_a_staircase()
    {
        var doc = Parse(Render("000-basics/show-graph.mm"));
        var thp = doc.Descendants("figure").Single(f => (string?)f.Attribute("id") == "folio-0x400");
        Assert.Contains("refcount 1 to 1 (highest 512)", thp.Value, StringComparison.Ordinal);
        // A sample after each of the loop's 512 writes: the refcount steps down once per copy.
        var refs = WithClass(new XDocument(thp), "path", "ref").Single();
        Assert.True(((string)refs.Attribute("d")!).Split('V').Length > 500);
    }

    [Fact]
    public void With_every_era_the_page_has_the_era_table_and_a_column_per_outcome()
    {
        var doc = Parse(Render("300-eras/seed-claim.mm", "all"));
        Assert.Contains("expect fresh_page_reused", doc.Descendants("pre").Single(p => (string?)p.Attribute("class") == "eras").Value, StringComparison.Ordinal);
        var differ = WithClass(doc, "section", "differ").ToList();
        Assert.NotEmpty(differ);
        Assert.All(differ, step => Assert.True(step.Descendants("th").Count() > 1));
        Assert.Contains(differ, step => step.Descendants("th").Any(th => th.Value.Contains("5.9-5.17", StringComparison.Ordinal)));
    }

    [Fact]
    public void Beside_a_real_kernel_the_page_has_its_table_and_each_commands_real_output()
    {
        var source = new SourceText("real.mm", "proc A\nmmap buf 4K\nwrite buf = 1\nprint refcount(A, buf)\nexpect mapcount(A, buf) == 1\n");
        var parsed = ScriptParser.Parse(source);
        Assert.True(parsed.Success);
        // What a host run would have given, made up: the real kernel disagrees on the expect, and its run ends before the last command.
        var real = new RealKernelAnswers(
            "host Linux 9.9.9-test",
            new Engine.Eras.KernelVersion(6, 1),
            SwapFile: false,
            Rows:
            [
                new DiffRow("print refcount(A, buf)", 0, "2", "unobservable", DiffMark.Skipped, "unobservable: made up for the test"),
                new DiffRow("expect mapcount(A, buf) == 1", 0, "pass", "fail", DiffMark.Disagree, null),
                new DiffRow("mapcount(A, buf)", 1, "1", "1", DiffMark.Agree, null),
            ],
            Steps: ["A: new process (pid 4242)\n", "A: mmap buf 0x0-0x1000 (4K)\n", "A: write 0x0 = 1: 1 fault\n", "refcount(A, buf): unobservable: made up for the test\n"],
            Notes: ["host: not controlled: made up"],
            ExitCode: ExitCodes.Failed);
        Assert.True(ReportWriter.TryRender(parsed.Script, new RunOptions { NoCSharp = true }, out var html, out var summary, out var exit, out var problem, real), problem);
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("kernel 6.1 (era 5.19-6.8), 5 steps; against host Linux 9.9.9-test: 3 rows: 1 agree, 1 disagree (*), 1 skipped (-)", summary, StringComparison.Ordinal);
        var doc = Parse(html);

        var section = doc.Descendants("section").Single(e => (string?)e.Attribute("id") == "real");
        Assert.Contains("host Linux 9.9.9-test", section.Value, StringComparison.Ordinal);
        Assert.Contains("made up", section.Value, StringComparison.Ordinal);
        var rows = section.Descendants("table").Single().Elements("tr").Skip(1).ToList();
        Assert.Equal(["skipped", "disagree", "agree"], rows.Select(r => (string)r.Attribute("class")!));
        Assert.Equal(["expect mapcount(A, buf) == 1", "pass", "fail", "*"], rows[1].Elements("td").Select(td => td.Value));
        Assert.Contains("unobservable: made up for the test", section.Descendants("li").Single().Value, StringComparison.Ordinal);

        var steps = WithClass(doc, "section", "step").ToList();
        Assert.Equal(5, steps.Count);
        string? Real(XElement step) => WithClass(new XDocument(step), "pre", "real").SingleOrDefault()?.Value;
        Assert.Equal("A: new process (pid 4242)", Real(steps[0]));
        Assert.Equal("A: write 0x0 = 1: 1 fault", Real(steps[2]));
        Assert.Equal("refcount(A, buf): unobservable: made up for the test", Real(steps[3]));
        // The simulator printed the same for step 2, otherwise for step 1 (its own pid).
        Assert.Contains(WithClass(new XDocument(steps[0]), "td", "real"), td => ((string)td.Attribute("class")!).Contains("differ", StringComparison.Ordinal));
        Assert.DoesNotContain(WithClass(new XDocument(steps[1]), "td", "real"), td => ((string)td.Attribute("class")!).Contains("differ", StringComparison.Ordinal));
        Assert.Null(Real(steps[4]));
        Assert.Contains("stopped before this command", steps[4].Value, StringComparison.Ordinal);

        // The same answers give the same bytes.
        Assert.True(ReportWriter.TryRender(parsed.Script, new RunOptions { NoCSharp = true }, out var again, out _, out _, out _, real));
        Assert.Equal(html, again);
    }

    [Fact]
    public void Beside_a_real_kernel_there_is_no_kernel_option()
    {
        var parsed = ScriptParser.Parse(new SourceText("k.mm", "proc A\n"));
        var real = new RealKernelAnswers("host Linux 9.9.9-test", null, false, [], [], []);
        Assert.False(ReportWriter.TryRender(parsed.Script, new RunOptions { Kernel = "5.10" }, out _, out _, out _, out var problem, real));
        Assert.Contains("--kernel", problem, StringComparison.Ordinal);
    }
}
