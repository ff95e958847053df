namespace MmDsl.Repl.Terminal;

/// <summary>
/// Whether to write colour: never with <c>NO_COLOR</c> (no-color.org: set and not empty), into a
/// pipe or a file, or on a terminal that is dumb or unnamed. The REPL runs the editor only on a
/// terminal it can drive with ANSI sequences, so these checks are all that is left to decide.
/// </summary>
internal static class ColorSupport
{
    public static bool ForStandardOutput() => Allowed(Environment.GetEnvironmentVariable) && !Console.IsOutputRedirected;

    public static bool Allowed(Func<string, string?> environment) =>
        string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") is { Length: > 0 } and not "dumb";
}
