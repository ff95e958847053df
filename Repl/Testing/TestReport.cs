using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace MmDsl.Repl.Testing;

/// <summary>How <c>mmdsl test</c> reports: lines for people, TAP 13, or JUnit XML for CI.</summary>
internal enum TestFormat
{
    Text,
    Tap,
    Junit,
}

/// <summary>Writes the outcomes of a golden run in one of the <see cref="TestFormat"/>s, in the order the scripts were found.</summary>
internal static class TestReport
{
    public static void Write(TextWriter output, TestFormat format, IReadOnlyList<GoldenResult> results, TimeSpan total, bool color)
    {
        switch (format)
        {
            case TestFormat.Tap:
                Tap(output, results);
                break;
            case TestFormat.Junit:
                Junit(output, results, total);
                break;
            default:
                Text(output, results, total, color);
                break;
        }
    }

    private static void Text(TextWriter output, IReadOnlyList<GoldenResult> results, TimeSpan total, bool color)
    {
        foreach (var r in results)
        {
            output.WriteLine($"{(r.Passed ? "ok  " : "FAIL")}  {r.Script.Path}  {Seconds(r.Time)}");
            if (r.Passed)
            {
                continue;
            }
            if (r.ExitCode != r.Script.ExpectedExit)
            {
                output.WriteLine($"  exit code {r.ExitCode}, expected {r.Script.ExpectedExit}");
            }
            if (r.Diff is not null)
            {
                output.Write(color ? Colored(r.Diff) : r.Diff);
            }
        }
        var failed = results.Count(r => !r.Passed);
        output.WriteLine($"{results.Count - failed} passed, {failed} failed in {Seconds(total)}");
    }

    /// <summary>A unified diff with removed lines red and added lines green (SGR 31 and 32).</summary>
    private static string Colored(string diff)
    {
        var text = new StringBuilder();
        foreach (var line in diff.Split('\n'))
        {
            var code = line switch
            {
                _ when line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal) => "1",
                _ when line.StartsWith('-') => "31",
                _ when line.StartsWith('+') => "32",
                _ when line.StartsWith("@@", StringComparison.Ordinal) => "36",
                _ => null,
            };
            text.Append(code is null || line.Length == 0 ? line : $"\u001b[{code}m{line}\u001b[0m").Append('\n');
        }
        return text.ToString(0, Math.Max(0, text.Length - 1));
    }

    /// <summary>TAP version 13: a plan, one line per script, a YAML block with the reason under each failure.</summary>
    private static void Tap(TextWriter output, IReadOnlyList<GoldenResult> results)
    {
        output.WriteLine("TAP version 13");
        output.WriteLine($"1..{results.Count}");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            output.WriteLine($"{(r.Passed ? "ok" : "not ok")} {i + 1} - {r.Script.Path}");
            output.WriteLine("  ---");
            output.WriteLine($"  duration_ms: {r.Time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)}");
            if (!r.Passed)
            {
                output.WriteLine($"  message: {Yaml(Reason(r))}");
                if (r.Diff is not null)
                {
                    output.WriteLine("  diff: |");
                    foreach (var line in r.Diff.TrimEnd('\n').Split('\n'))
                    {
                        output.WriteLine("    " + line);
                    }
                }
            }
            output.WriteLine("  ...");
        }
    }

    /// <summary>JUnit XML: one testsuite per directory, one testcase per script, a failure with the diff.</summary>
    private static void Junit(TextWriter output, IReadOnlyList<GoldenResult> results, TimeSpan total)
    {
        var suites = results.GroupBy(r => Path.GetDirectoryName(r.Script.Path)?.Replace('\\', '/') ?? ".").Select(g =>
            new XElement("testsuite",
                new XAttribute("name", g.Key),
                new XAttribute("tests", g.Count()),
                new XAttribute("failures", g.Count(r => !r.Passed)),
                new XAttribute("errors", 0),
                new XAttribute("skipped", 0),
                new XAttribute("time", Seconds(g.Aggregate(TimeSpan.Zero, (t, r) => t + r.Time), unit: false)),
                g.Select(r => new XElement("testcase",
                    new XAttribute("classname", g.Key.Replace('/', '.')),
                    new XAttribute("name", Path.GetFileName(r.Script.Path)),
                    new XAttribute("file", r.Script.Path),
                    new XAttribute("time", Seconds(r.Time, unit: false)),
                    r.Passed ? null : new XElement("failure",
                        new XAttribute("message", Reason(r)),
                        new XAttribute("type", r.Diff is null ? "exit code" : "golden mismatch"),
                        r.Diff ?? r.Actual)))));
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "mmdsl test"),
                new XAttribute("tests", results.Count),
                new XAttribute("failures", results.Count(r => !r.Passed)),
                new XAttribute("errors", 0),
                new XAttribute("time", Seconds(total, unit: false)),
                suites));
        using var writer = new StringWriter { NewLine = "\n" };
        document.Save(writer);
        output.WriteLine(writer.ToString().Replace("utf-16", "utf-8", StringComparison.Ordinal));
    }

    private static string Reason(GoldenResult r) =>
        r.Diff is not null && r.ExitCode != r.Script.ExpectedExit ? $"output differs from {Path.GetFileName(r.Script.OutPath)}; exit code {r.ExitCode}, expected {r.Script.ExpectedExit}"
        : r.Diff is not null ? $"output differs from {Path.GetFileName(r.Script.OutPath)}"
        : $"exit code {r.ExitCode}, expected {r.Script.ExpectedExit}";

    private static string Yaml(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Seconds(TimeSpan time, bool unit = true) =>
        time.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) + (unit ? " s" : string.Empty);
}
