using MmDsl.Runtime.Output.Show;

namespace MmDsl.Scripts.Tests;

/// <summary>docs/eras.md shows what <c>mmdsl eras</c> prints, byte for byte, so the page cannot drift from the era table and the facts.</summary>
public class ErasPageTests
{
    [Fact]
    public void The_page_holds_the_output_of_mmdsl_eras()
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "eras.md")).Replace("\r\n", "\n");
        var expected = string.Join("\n", ErasTable.Lines(current: null)) + "\n";
        Assert.Contains("```text\n" + expected + "```\n", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_links_to_the_page()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.Contains("(docs/eras.md)", readme, StringComparison.Ordinal);
    }
}
