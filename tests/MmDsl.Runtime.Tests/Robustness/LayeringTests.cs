using System.Xml.Linq;

namespace MmDsl.Runtime.Tests.Robustness;

/// <summary>
/// The data flows one way: text -> syntax (Language) -> interpreter (Runtime) -> backend (the
/// engine's simulated machine, or the live kernel) -> outcomes -> formatter -> text. The assemblies
/// say so by what they reference, and the engine's source by what it names.
/// </summary>
public class LayeringTests
{
    private static readonly string Root = FindRoot();

    [Theory]
    [InlineData("Language/MmDsl.Language.csproj", new string[0])]
    [InlineData("Engine/MmDsl.Engine.csproj", new string[0])]
    [InlineData("Runtime/MmDsl.Runtime.csproj", new[] { "MmDsl.Language", "MmDsl.Engine" })]
    [InlineData("Snippets/MmDsl.Snippets.csproj", new[] { "MmDsl.Runtime" })]
    [InlineData("LiveKernel/MmDsl.LiveKernel.csproj", new[] { "MmDsl.Runtime" })]
    public void Each_assembly_references_only_the_layers_below_it(string project, string[] references)
    {
        var document = XDocument.Load(Path.Combine(Root, project));
        var actual = document.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .Order(StringComparer.Ordinal);
        Assert.Equal(references.Order(StringComparer.Ordinal), actual);
    }

    [Fact]
    public void Only_the_snippets_assembly_brings_in_the_compiler()
    {
        var packages = Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => XDocument.Load(p).Descendants("PackageReference")
                .Any(r => ((string?)r.Attribute("Include"))?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true))
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'));
        Assert.Equal(["Snippets/MmDsl.Snippets.csproj"], packages);
    }

    [Fact]
    public void The_engine_does_not_name_the_language_or_the_layers_above_it()
    {
        var engine = Path.Combine(Root, "Engine");
        string[] forbidden = ["MmDsl.Language", "MmDsl.Runtime", "MmDsl.LiveKernel", "MmDsl.Snippets"];
        var offenders = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select(l => (File: Path.GetRelativePath(Root, f), Line: l)))
            .Where(x => forbidden.Any(ns => x.Line.Contains(ns, StringComparison.Ordinal)))
            .Select(x => $"{x.File}: {x.Line.Trim()}")
            .ToList();
        Assert.True(Directory.Exists(engine));
        Assert.Empty(offenders);
    }

    private static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MmDsl.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("MmDsl.sln not found");
        }
        return root;
    }
}
