using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Repl.Tests.Evaluation;

/// <summary>The worked examples of <c>help</c> run for real, so they never go stale.</summary>
public class HelpExampleTests
{
    public static TheoryData<string> Commands() => [.. CommandTable.All.Where(c => c.Example.Length > 0).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_example_runs_without_errors(string name)
    {
        var info = CommandTable.Find(name)!;
        var output = new StringWriter { NewLine = "\n" };
        var session = new Session(output);
        var interpreter = new Interpreter(session) { StopOnError = true };
        Assert.True(interpreter.RunText(new SourceText($"help {name}", info.Example)), output.ToString());
        Assert.Equal(0, session.Errors);
        Assert.Equal(0, session.FailedExpectations);
        Assert.DoesNotContain("the example failed", string.Join("\n", HelpText.RunExample(info)));
    }

    [Fact]
    public void Help_follows_one_template()
    {
        foreach (var info in CommandTable.All)
        {
            var lines = HelpText.For(info.Name, default).ToList();
            Assert.Equal("NAME", lines[0]);
            Assert.Contains("SYNOPSIS", lines);
            Assert.Contains("DESCRIPTION", lines);
            Assert.Equal(info.Example.Length > 0, lines.Contains("EXAMPLE"));
        }
    }

    [Fact]
    public void Help_lists_every_command_by_group()
    {
        var text = string.Join("\n", HelpText.For(null, default));
        foreach (var group in Enum.GetNames<CommandGroup>())
        {
            Assert.Contains("\n" + group + "\n", text);
        }
        Assert.All(CommandTable.All, c => Assert.Contains("  " + c.Name + " ", text));
    }

    [Fact]
    public void Help_for_an_unknown_command_suggests_the_nearest()
    {
        var error = Assert.Throws<RuntimeError>(() => HelpText.For("mprotct", new Span(new SourceText("x", "help mprotct"), 5, 7)).ToList());
        Assert.Contains("did you mean 'mprotect'?", error.Message);
    }
}
