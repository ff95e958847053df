using MmDsl.Repl.Evaluation;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Tests.Evaluation;

/// <summary><c>full on|off</c> in the REPL, and <c>mmdsl --full</c>, do what <c>mmdsl run --full</c> does: every line, no runs folded.</summary>
public class FullOutputTests
{
    private const string PinnedFork = "proc A\nmmap buf 16K\nwrite buf 16K\npin buf 16K rw longterm";

    private static (ReplEngine, StringWriter) Engine(bool full = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        return (new ReplEngine(new RunOptions { CheckInvariants = true, Full = full }, output), output);
    }

    private static string[] Run(ReplEngine engine, StringWriter output, string text)
    {
        output.GetStringBuilder().Clear();
        Assert.IsType<EvaluationResult.Success>(engine.Evaluate(text, CancellationToken.None));
        return output.ToString().TrimEnd('\n').Split('\n');
    }

    private static int Copies(string[] lines) => lines.Count(l => l.Contains("fork copies", StringComparison.Ordinal));

    [Fact]
    public void Full_on_prints_each_copy_and_full_off_folds_them_again()
    {
        var (engine, output) = Engine();
        Run(engine, output, PinnedFork);
        Assert.Equal(1, Copies(Run(engine, output, "fork B")));
        Run(engine, output, "full on");
        Assert.Equal(4, Copies(Run(engine, output, "fork C")));
        Run(engine, output, "full off");
        Assert.Equal(1, Copies(Run(engine, output, "fork D")));
    }

    [Fact]
    public void The_command_line_option_starts_the_session_with_full_on()
    {
        var (engine, output) = Engine(full: true);
        Run(engine, output, PinnedFork);
        Assert.Equal(4, Copies(Run(engine, output, "fork B")));
    }

    [Fact]
    public void Undo_gives_back_the_setting_with_the_state()
    {
        var (engine, output) = Engine();
        Run(engine, output, PinnedFork);
        Run(engine, output, "full on");
        Run(engine, output, "undo");
        Assert.Equal(1, Copies(Run(engine, output, "fork B")));
    }
}
