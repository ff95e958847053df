namespace MmDsl.Repl.Tests;

/// <summary>Where the repository and the built <c>mmdsl</c> are, seen from the test's output directory.</summary>
public static class Repository
{
    /// <summary>The directory holding <c>MmDsl.sln</c>, or null.</summary>
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MmDsl.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>
    /// The command that starts the built <c>mmdsl</c>: the program host copied beside the tests,
    /// else the one in <c>Repl/bin</c> of the test's own configuration, else of any; null if none.
    /// </summary>
    public static string[]? Mmdsl()
    {
        var here = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(here, "mmdsl.dll")) && File.Exists(Path.Combine(here, "mmdsl.runtimeconfig.json")))
        {
            return File.Exists(Path.Combine(here, "mmdsl"))
                ? [Path.Combine(here, "mmdsl")]
                : ["dotnet", Path.Combine(here, "mmdsl.dll")];
        }
        if (Root() is not { } root)
        {
            return null;
        }
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var found = new[] { configuration, configuration == "Debug" ? "Release" : "Debug" }
            .Select(c => Path.Combine(root, "Repl", "bin", c, "net10.0", "mmdsl.dll"))
            .FirstOrDefault(File.Exists);
        return found is null ? null : ["dotnet", found];
    }
}
