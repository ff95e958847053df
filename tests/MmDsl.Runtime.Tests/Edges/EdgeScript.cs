using System.Diagnostics;
using MmDsl.Language.Text;
using MmDsl.Runtime.Running;

namespace MmDsl.Runtime.Tests.Edges;

/// <summary>Runs a script with the invariant checker after every command and returns its exit code and output.</summary>
internal static class EdgeScript
{
    public static (int Exit, string Output) Run(string text, CancellationToken cancellation = default)
    {
        var output = new StringWriter();
        var exit = ScriptRunner.Run(new SourceText("edge.mm", text), new RunOptions { CheckInvariants = true, Cancellation = cancellation }, output);
        return (exit, output.ToString());
    }

    /// <summary>Runs the script and fails if it takes longer than <paramref name="seconds"/>.</summary>
    public static (int Exit, string Output) RunWithin(double seconds, string text)
    {
        var watch = Stopwatch.StartNew();
        var result = Run(text);
        Assert.True(watch.Elapsed.TotalSeconds < seconds, $"took {watch.Elapsed.TotalSeconds:F1} s: {text}");
        return result;
    }
}
