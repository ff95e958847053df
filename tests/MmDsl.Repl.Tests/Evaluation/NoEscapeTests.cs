using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using MmDsl.Repl.Assist;
using MmDsl.Repl.Cli;
using MmDsl.Repl.Terminal;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Tests.Evaluation;

/// <summary>Colour belongs to the terminal only: scripts, pipes and golden files get plain text.</summary>
public class NoEscapeTests
{
    [Fact]
    public void Scripts_print_no_escape_codes()
    {
        var all = string.Join("\n", CommandTable.All.Where(c => c.Example.Length > 0).Select(c => "reset\n" + c.Example.Replace("kernel ", "# kernel ")));
        var output = new StringWriter();
        ScriptRunner.Run(new SourceText("all.mm", all + "\nwrite 0x7000000\nexpect 1 == 2\nwrte 1"), new RunOptions(), output);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void The_command_line_prints_no_escape_codes_into_a_writer()
    {
        var output = new StringWriter();
        CommandLine.Run(["-e", "proc A; mmap buf 2M thp; write buf; fork B; write buf+4K; pin buf rw; show refs; show stats"], output, output);
        Assert.Contains("copy", output.ToString());
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void Golden_scripts_print_no_escape_codes()
    {
        var scripts = Repository.Root() is { } root ? Path.Combine(root, "scripts") : null;
        if (scripts is null || !Directory.Exists(scripts))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(scripts, "*.mm", SearchOption.AllDirectories))
        {
            var output = new StringWriter();
            ScriptRunner.RunFile(file, new RunOptions(), output);
            Assert.DoesNotContain('\u001b', output.ToString());
        }
    }

    [Fact]
    public void The_colouring_writer_paints_states_and_failures()
    {
        var coloured = OutputColorizer.Colour("A: write 0x1000: wp fault -> copy 0x401 -> 0x600");
        Assert.Contains("\u001b[", coloured);
        Assert.Equal("A: write 0x1000: wp fault -> copy 0x401 -> 0x600", Strip(coloured));
        Assert.Contains("\u001b[", OutputColorizer.Colour("A: write 0x7000000: SIGSEGV (no mapping)"));
        Assert.Equal("pfn    order", OutputColorizer.Colour("pfn    order"));
    }

    [Theory]
    [InlineData(null, "xterm-256color", true)]
    [InlineData("", "xterm", true)]
    [InlineData("1", "xterm-256color", false)]
    [InlineData(null, "dumb", false)]
    [InlineData(null, null, false)]
    public void NO_COLOR_and_dumb_terminals_turn_colour_off(string? noColor, string? term, bool colour) =>
        Assert.Equal(colour, ColorSupport.Allowed(name => name switch { "NO_COLOR" => noColor, "TERM" => term, _ => null }));

    private static string Strip(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");
}
