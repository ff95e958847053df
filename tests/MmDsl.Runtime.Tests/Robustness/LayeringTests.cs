namespace MmDsl.Runtime.Tests.Robustness;

/// <summary>
/// The data flows one way: the engine knows nothing of the language, the interpreter or the
/// output. A source file under Runtime/Engine that mentions them breaks the layering.
/// </summary>
public class LayeringTests
{
    [Fact]
    public void TheEngineDoesNotUseTheLanguageOrTheLayersAboveIt()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MmDsl.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("MmDsl.sln not found");
        }
        var engine = Path.Combine(root, "Runtime", "Engine");
        string[] forbidden = ["MmDsl.Language", "MmDsl.Runtime.Scripting", "MmDsl.Runtime.Output", "MmDsl.Runtime.Running", "MmDsl.Runtime.Api", "MmDsl.Snippets"];
        var offenders = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select(l => (File: Path.GetRelativePath(root, f), Line: l)))
            .Where(x => forbidden.Any(ns => x.Line.Contains(ns, StringComparison.Ordinal)))
            .Select(x => $"{x.File}: {x.Line.Trim()}")
            .ToList();
        Assert.True(Directory.Exists(engine));
        Assert.Empty(offenders);
    }
}
