using System.Diagnostics;
using MmDsl.LiveKernel;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>
/// A separate program that uses the host backend, for what a test host cannot do to itself
/// (receive Ctrl-C). Built as a .NET file-based app that references the live-kernel backend's project.
/// </summary>
internal static class HelperProgram
{
    /// <summary>The live-kernel backend's project file, found by walking up from the test's output; null outside a checkout.</summary>
    public static string? RuntimeProject { get; } = FindRuntimeProject();

    public static string? Unavailable => RuntimeProject is null ? "LiveKernel/MmDsl.LiveKernel.csproj not found above the test output" : null;

    /// <summary>Builds SOURCE (statements) into a program and returns the path of its dll.</summary>
    public static string Build(string name, string source)
    {
        // A stable path, rewritten only when the text changes, so the SDK's build cache is reused.
        string directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mmdsl-helper")).FullName;
        string file = Path.Combine(directory, name + ".cs");
        // Named as a friend assembly (Directory.Build.props), since the backend is internal.
        string text = $"#:project {RuntimeProject}\n#:property AssemblyName=MmDsl.HostHelper\n{source}";
        if (!File.Exists(file) || File.ReadAllText(file) != text)
            File.WriteAllText(file, text);
        var build = new ProcessStartInfo("dotnet", ["build", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_NOLOGO"] = "1" },
        };
        using var process = Process.Start(build)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string marker = $"{name}.cs -> ";
        string? dll = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(marker, StringComparison.Ordinal))
            .Select(l => l[marker.Length..]).LastOrDefault();
        return process.ExitCode == 0 && dll is not null
            ? dll
            : throw new InvalidOperationException($"building the helper failed:\n{output}\n{stderr.Result}");
    }

    private static string? FindRuntimeProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "LiveKernel", "MmDsl.LiveKernel.csproj");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}

/// <summary>A host fact that also needs the helper program.</summary>
internal sealed class HostHelperFactAttribute : FactAttribute
{
    public HostHelperFactAttribute(HostRequirement needs = HostRequirement.None)
    {
        string? unmet = HostCapabilities.Current.Unmet(HostFactAttribute.Always | needs) ?? HelperProgram.Unavailable;
        if (unmet is not null)
            Skip = unmet;
    }
}
