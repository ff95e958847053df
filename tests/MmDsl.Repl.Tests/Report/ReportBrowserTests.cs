using System.Text.RegularExpressions;
using MmDsl.Repl.Tests.Terminal;

namespace MmDsl.Repl.Tests.Report;

/// <summary>
/// <c>mmdsl report</c>'s page in a real browser (headless Chromium): the DOM it builds has the
/// steps, the SVG graphs, the split and the copy; and a screenshot of it. With
/// <c>MMDSL_UPDATE_SCREENSHOTS=1</c> the screenshot replaces docs/images/report.png, which the
/// README shows.
/// </summary>
public sealed partial class ReportBrowserTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mmdsl-report");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Report(string script)
    {
        var target = Path.Combine(_dir.FullName, Path.ChangeExtension(Path.GetFileName(script), ".html"));
        // From the repository, so that the page names the script as the README does.
        var run = Processes.Run([.. Repository.Mmdsl()!, "report", script, "-o", target], timeout: TimeSpan.FromSeconds(120), workingDirectory: Repository.Root());
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith("report: ", run.Output, StringComparison.Ordinal);
        return target;
    }

    private Processes.Result Browser(params string[] args) =>
        Processes.Run([.. Chromium.Headless(Chromium.Find()!, Path.Combine(_dir.FullName, "profile")), .. args], timeout: TimeSpan.FromSeconds(120));

    [GeneratedRegex("<section class=\"step[^\"]*\" id=\"step-\\d+\">")]
    private static partial Regex Step();

    [ChromiumFact]
    public void The_browser_shows_the_steps_the_graphs_the_split_and_the_copy()
    {
        var tour = Report("scripts/000-basics/language-tour.mm");
        var dom = Browser("--dump-dom", new Uri(tour).AbsoluteUri);
        Assert.Equal(0, dom.ExitCode);
        var html = dom.Output;
        Assert.Equal(10, Step().Matches(html).Count);
        Assert.Contains("<svg class=\"graph\"", html, StringComparison.Ordinal);
        Assert.Contains("huge wp fault -&gt; split pmd", html, StringComparison.Ordinal);
        Assert.Contains("copy 0x401 -&gt; 0x600", html, StringComparison.Ordinal);
        Assert.Matches("<g class=\"node entry changed\">.*?pte 0x1000 rw", html);
        Assert.Matches("<g class=\"node folio changed\">.*?folio 0x600 4K", html);
        Assert.Contains("id=\"timelines\"", html, StringComparison.Ordinal);

        var graph = Report("scripts/000-basics/show-graph.mm");
        var staircase = Browser("--dump-dom", new Uri(graph).AbsoluteUri).Output;
        Assert.Contains("id=\"folio-0x400\"", staircase, StringComparison.Ordinal);
        Assert.Contains("folios 0x603-0x7ef (x493)", staircase, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public void A_screenshot_of_the_report()
    {
        var tour = Report("scripts/000-basics/language-tour.mm");
        var png = Path.Combine(_dir.FullName, "report.png");
        var shot = Browser($"--screenshot={png}", "--window-size=1000,1300", new Uri(tour).AbsoluteUri);
        Assert.True(File.Exists(png), shot.Output + shot.Error);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.InRange(bytes.Length, 10_000, 1_000_000);
        if (Environment.GetEnvironmentVariable("MMDSL_UPDATE_SCREENSHOTS") == "1")
        {
            File.Copy(png, Path.Combine(Repository.Root()!, "docs", "images", "report.png"), overwrite: true);
        }
    }
}
