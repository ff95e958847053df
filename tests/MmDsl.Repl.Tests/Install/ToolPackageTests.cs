using System.Diagnostics;
using Xunit;

namespace MmDsl.Repl.Tests.Install;

/// <summary>
/// The README's Install: <c>dotnet pack</c> gives a .NET tool package, <c>dotnet tool install</c> of it gives an
/// <c>mmdsl</c> command, and that command runs a script. Packed into a temporary folder, installed into another.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void Pack_and_tool_install_give_an_mmdsl_command_that_runs_a_script()
    {
        string root = Repository.Root() ?? throw new InvalidOperationException("MmDsl.sln not found above the tests");
        string work = Directory.CreateTempSubdirectory("mmdsl-pack-").FullName;
        try
        {
            string packages = Path.Combine(work, "packages");
            Run("dotnet", ["pack", Path.Combine(root, "Repl"), "-c", "Release", "-o", packages], root);
            Assert.Contains("MmDsl.0.9.0.nupkg", Directory.GetFiles(packages).Select(Path.GetFileName));

            string tools = Path.Combine(work, "tools");
            Run("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "MmDsl"], work);

            string script = Path.Combine(work, "small.mm");
            File.WriteAllText(script, "proc A\nmmap buf 8K\nwrite A buf = 7\nprint value(A, buf)\n");
            string output = Run(Path.Combine(tools, "mmdsl"), ["run", script], work);
            Assert.EndsWith("7\n", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Run(string program, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_NOLOGO"] = "1" },
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within 5 minutes");
        }
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }
}
