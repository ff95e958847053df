using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using MmDsl.Repl.Testing;
using Xunit;

namespace MmDsl.Repl.Tests.Testing;

/// <summary><c>mmdsl test</c>: filter, parallel runs in a stable order, and the TAP and JUnit reports.</summary>
public sealed class TestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mmdsl-test-").FullName;

    public TestCommandTests()
    {
        // One script that matches its golden output, one that does not, one that must exit 1 and does.
        Write("good.mm", "proc A\nmmap buf 4K\nprint refcount(A, buf)\n", "A: new process (pid 1)\nA: mmap buf 0x0-0x1000 (4K)\nrefcount(A, buf) = 0\n");
        Write("bad.mm", "print 1 + 1\n", "1 + 1 = 3\n");
        Write("fails.mm", "# exit: 1\nexpect 1 == 2\n", "fails.mm:2: expect failed: 1 == 2 (left 1, right 2)\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string script, string golden)
    {
        File.WriteAllText(Path.Combine(_dir, name), script);
        File.WriteAllText(Path.Combine(_dir, Path.ChangeExtension(name, ".out")), golden);
    }

    private (int Exit, string Output) Run(TestFormat format, string? filter = null, int jobs = 2)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = GoldenRunner.RunAll(new TestOptions { Paths = [_dir], Format = format, Filter = filter, Jobs = jobs }, output);
        return (exit, output.ToString());
    }

    [Fact]
    public void Text_reports_each_script_in_path_order_with_its_time_and_the_diff_of_a_mismatch()
    {
        var (exit, output) = Run(TestFormat.Text, jobs: 3);
        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("FAIL  " + _dir + "/bad.mm  ", lines[0], StringComparison.Ordinal);
        Assert.Contains("-1 + 1 = 3", output, StringComparison.Ordinal);
        Assert.Contains("+1 + 1 = 2", output, StringComparison.Ordinal);
        Assert.Contains("ok    " + _dir + "/fails.mm  ", output, StringComparison.Ordinal);
        Assert.Matches(@"2 passed, 1 failed in \d+\.\d{3} s\n$", output);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_terminal_the_diff_is_coloured_removed_red_added_green()
    {
        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(1, GoldenRunner.RunAll(new TestOptions { Paths = [_dir], Format = TestFormat.Text, Jobs = 1, Color = true }, output));
        var text = output.ToString();
        Assert.Contains("\u001b[31m-1 + 1 = 3\u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[32m+1 + 1 = 2\u001b[0m", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text.Split('\n')[^2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "xterm-256color", false)]
    [InlineData("", "xterm-256color", true)]
    [InlineData(null, "xterm-256color", true)]
    [InlineData(null, "dumb", false)]
    [InlineData(null, null, false)]
    public void Colour_needs_a_named_terminal_and_no_NO_COLOR(string? noColor, string? term, bool allowed)
    {
        Assert.Equal(allowed, MmDsl.Repl.Terminal.ColorSupport.Allowed(name => name switch
        {
            "NO_COLOR" => noColor,
            "TERM" => term,
            _ => null,
        }));
    }

    [Fact]
    public void Filter_keeps_the_scripts_whose_path_contains_the_text()
    {
        var (exit, output) = Run(TestFormat.Text, filter: "GOOD");
        Assert.Equal(0, exit);
        Assert.Matches(@"^ok    .*/good\.mm  \d+\.\d{3} s\n1 passed, 0 failed", output);
        (exit, output) = Run(TestFormat.Text, filter: "nothing-like-this");
        Assert.Equal(2, exit);
        Assert.Contains("no script with a golden output matches 'nothing-like-this'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tap_has_a_plan_a_line_per_script_and_the_reason_of_a_failure()
    {
        var (exit, output) = Run(TestFormat.Tap);
        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.Equal("TAP version 13", lines[0]);
        Assert.Equal("1..3", lines[1]);
        Assert.Equal($"not ok 1 - {_dir}/bad.mm", lines[2]);
        Assert.Contains($"ok 2 - {_dir}/fails.mm", lines);
        Assert.Contains($"ok 3 - {_dir}/good.mm", lines);
        Assert.Contains("  message: 'output differs from bad.out'", lines);
    }

    [Fact]
    public void Junit_is_valid_against_the_junit_schema_and_counts_the_failure()
    {
        var (exit, output) = Run(TestFormat.Junit);
        Assert.Equal(1, exit);
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Testing", "junit.xsd"));
        var problems = new List<string>();
        var document = XDocument.Parse(output);
        document.Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.Empty(problems);
        var root = document.Root!;
        Assert.Equal("3", root.Attribute("tests")!.Value);
        Assert.Equal("1", root.Attribute("failures")!.Value);
        var failure = Assert.Single(root.Descendants("failure"));
        Assert.Equal("bad.mm", failure.Parent!.Attribute("name")!.Value);
        Assert.Contains("+1 + 1 = 2", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_breaks_the_schema_is_refused_by_the_check()
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Testing", "junit.xsd"));
        var problems = new List<string>();
        XDocument.Parse("<testsuites><testsuite name='x' tests='1' failures='0' errors='0' time='0'><testcase name='a' /></testsuite></testsuites>")
            .Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.NotEmpty(problems);
    }
}
