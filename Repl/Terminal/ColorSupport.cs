using Spectre.Console;

namespace MmDsl.Repl.Terminal;

/// <summary>Whether to write colour: never with <c>NO_COLOR</c>, into a pipe or a file, or on a dumb terminal.</summary>
public static class ColorSupport
{
    public static bool ForStandardOutput() => Allowed(Environment.GetEnvironmentVariable) && !Console.IsOutputRedirected && AnsiCapable();

    /// <summary>The environment's say alone (no-color.org: <c>NO_COLOR</c> set and not empty turns colour off).</summary>
    public static bool Allowed(Func<string, string?> environment) =>
        string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") is not "dumb";

    /// <summary>Spectre.Console's reading of the terminal.</summary>
    private static bool AnsiCapable()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        return console.Profile.Capabilities.Ansi && console.Profile.Capabilities.ColorSystem != ColorSystem.NoColors;
    }
}
