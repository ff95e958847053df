using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Running;
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
        var interpreter = new Interpreter(session) { StopOnError = true, Host = new SessionServices { KeepUndo = true } };
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
            Assert.True(lines.Contains("EXAMPLE"), $"help {info.Name} has no example");
        }
    }

    public static TheoryData<string> Transcripts() => [.. CommandTable.All.Where(c => c.Transcript.Length > 0).Select(c => c.Name)];

    /// <summary>
    /// An example that needs files or the C# compiler is shown as written: typed in a directory
    /// holding the files its first comment names, each line prints what the transcript shows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Transcripts))]
    public void Every_transcript_is_what_its_lines_print(string name)
    {
        var info = CommandTable.Find(name)!;
        Assert.Empty(info.Example);
        var dir = Directory.CreateTempSubdirectory("mmdsl-help-");
        try
        {
            var lines = info.Transcript.Split('\n');
            const string holds = " holds: ";
            if (lines[0].StartsWith('#') && lines[0].IndexOf(holds, StringComparison.Ordinal) is var at and > 0)
            {
                File.WriteAllText(Path.Combine(dir.FullName, lines[0][2..at]), lines[0][(at + holds.Length)..].Replace(" / ", "\n") + "\n");
            }
            var output = new StringWriter { NewLine = "\n" };
            var session = new Session(output);
            var interpreter = new Interpreter(session)
            {
                StopOnError = true,
                Host = new SessionServices(SnippetHosts.Factory) { KeepUndo = true },
            };
            var expected = new List<string>();
            foreach (var line in lines.Where(l => !l.StartsWith('#')))
            {
                if (line.StartsWith("> ", StringComparison.Ordinal))
                {
                    expected.Add(line);
                    output.Write(line + "\n");
                    // save and run take files where the session runs: here, the directory of the files.
                    var words = line[2..].Split(' ', 2);
                    var text = words[0] is "save" or "run" ? $"{words[0]} {Path.Combine(dir.FullName, words[1])}" : line[2..];
                    Assert.True(interpreter.RunText(new SourceText($"help {name}", text) { BaseDirectory = dir.FullName }), output.ToString());
                }
                else
                {
                    expected.Add(line);
                }
            }
            Assert.Equal(string.Join("\n", expected) + "\n", output.ToString().Replace(dir.FullName + Path.DirectorySeparatorChar, string.Empty));
        }
        finally
        {
            dir.Delete(recursive: true);
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
