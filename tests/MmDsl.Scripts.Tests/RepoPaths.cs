namespace MmDsl.Scripts.Tests;

/// <summary>Where the repository is, found from the test assembly's directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scripts => Path.Combine(Root, "scripts");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MmDsl.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MmDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
