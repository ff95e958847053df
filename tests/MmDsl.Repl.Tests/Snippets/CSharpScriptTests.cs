using System.Diagnostics;
using MmDsl.Repl.Cli;
using MmDsl.Repl.Testing;

namespace MmDsl.Repl.Tests.Snippets;

public sealed class CSharpScriptTests
{
    private static IEnumerable<string> Paths() =>
        GoldenScript.Find([Path.Combine(RepoRoot(), "scripts", "600-csharp")]).Select(s => s.Path);

    /// <summary>The golden scripts themselves run in MmDsl.Scripts.Tests, with every other golden script.</summary>
    [Fact]
    public void The_csharp_golden_scripts_are_there()
    {
        var names = Paths().Select(p => Path.GetFileName(p)).ToList();
        Assert.Superset(new HashSet<string> { "invariant.mm", "helpers.mm", "many-procs.mm", "expect-fails.mm" }, names.ToHashSet());
    }

    [Fact]
    public void A_script_without_snippets_never_loads_the_compiler()
    {
        var loaded = LoadedBy("proc A\nmmap buf 2M thp\nwrite A buf\nfork B\nwrite A buf + 0x1000\nshow refs\nexpect refcount(B, buf) > 0\n");
        Assert.Contains("MmDsl.Runtime", loaded);
        Assert.DoesNotContain("MmDsl.Snippets", loaded);
        Assert.DoesNotContain(loaded, name => name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void A_script_with_a_snippet_loads_the_compiler()
    {
        // The check above must be able to see the compiler when it is loaded.
        var loaded = LoadedBy("proc A\ncs { Procs.Count }\n");
        Assert.Contains("Microsoft.CodeAnalysis.CSharp.Scripting", loaded);
    }

    [Fact]
    public async Task A_script_piped_to_mmdsl_runs_its_snippets()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mmdsl.dll"));
        using var process = Process.Start(start)!;
        process.StandardInput.Write("proc A\ncs { 40 + 2 }\n");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        Assert.True(process.ExitCode == 0, output + stderr);
        Assert.Contains("\n42\n", output, StringComparison.Ordinal);
    }

    /// <summary>The assemblies a separate <c>mmdsl run</c> process loaded for <paramref name="script"/>.</summary>
    private static List<string> LoadedBy(string script)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mmdsl-{Guid.NewGuid():N}.mm");
        File.WriteAllText(file, script);
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mmdsl.dll"));
            start.ArgumentList.Add("run");
            start.ArgumentList.Add(file);
            start.Environment[LoadedAssemblies.Variable] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, stdout.Result + stderr);
            return stderr.Split('\n').Where(l => l.StartsWith("loaded assembly: ", StringComparison.Ordinal)).Select(l => l["loaded assembly: ".Length..].Trim()).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MmDsl.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MmDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
