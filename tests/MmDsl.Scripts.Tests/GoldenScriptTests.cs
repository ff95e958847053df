using MmDsl.Repl.Testing;

namespace MmDsl.Scripts.Tests;

/// <summary>
/// Every <c>scripts/**/NAME.mm</c> with a <c>NAME.out</c>: the output must match, the exit code
/// must be the declared one, and the invariant checker runs after every command.
/// </summary>
public class GoldenScriptTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var script in GoldenScript.Find([RepoPaths.Scripts]))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, script.Path).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ScriptMatchesItsGoldenOutput(string script)
    {
        var golden = GoldenScript.Load(Path.Combine(RepoPaths.Root, script));
        var result = GoldenRunner.Run(golden, checkInvariants: true);
        Assert.True(result.ExitCode == golden.ExpectedExit, $"{script}: exit code {result.ExitCode}, expected {golden.ExpectedExit}\n{result.Actual}");
        Assert.True(result.Diff is null, $"{script} differs from its .out (see the .received file):\n{result.Diff}");
    }

    [Fact]
    public void ThereAreEnoughScripts() => Assert.True(Scripts().Count >= 12);
}
