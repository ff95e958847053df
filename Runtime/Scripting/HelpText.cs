using MmDsl.Language.Commands;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary><c>help</c>: commands by group, or one command with synopsis, description and a worked example run live.</summary>
internal static class HelpText
{
    public static IEnumerable<string> For(string? topic, Span span)
    {
        if (topic is null)
        {
            return Overview();
        }
        var info = CommandTable.Find(topic);
        if (info is null)
        {
            var near = CommandTable.Nearest(topic).FirstOrDefault();
            throw new RuntimeError(span, near is null
                ? $"no command '{topic}'; 'help' lists them all"
                : $"no command '{topic}' (did you mean '{near}'?)");
        }
        return Command(info);
    }

    private static IEnumerable<string> Overview()
    {
        yield return "MmDsl commands (help COMMAND for details and an example):";
        foreach (var group in CommandTable.All.GroupBy(c => c.Group))
        {
            yield return string.Empty;
            yield return group.Key.ToString();
            foreach (var c in group)
            {
                yield return $"  {c.Name,-11}{c.Summary}";
            }
        }
    }

    /// <summary>The crash-utility layout: NAME, SYNOPSIS, DESCRIPTION, EXAMPLE.</summary>
    private static IEnumerable<string> Command(CommandInfo info)
    {
        yield return "NAME";
        yield return $"  {info.Name} - {info.Summary}";
        yield return string.Empty;
        yield return "SYNOPSIS";
        yield return $"  {info.Synopsis}";
        yield return string.Empty;
        yield return "DESCRIPTION";
        foreach (var line in info.Description.Split('\n'))
        {
            yield return $"  {line}";
        }
        if (info.Example.Length == 0 && info.Transcript.Length == 0)
        {
            yield break;
        }
        yield return string.Empty;
        yield return "EXAMPLE";
        foreach (var line in info.Example.Length == 0 ? info.Transcript.Split('\n') : RunExample(info))
        {
            yield return $"  {line}";
        }
    }

    /// <summary>Run the example in a fresh session and interleave its commands with their output.</summary>
    public static IEnumerable<string> RunExample(CommandInfo info)
    {
        var lines = new List<string>();
        var output = new StringWriter { NewLine = "\n" };
        var session = new Session(output);
        var interpreter = new Interpreter(session) { StopOnError = true, Host = new Running.SessionServices { KeepUndo = true } };
        foreach (var line in info.Example.Split('\n'))
        {
            lines.Add("> " + line);
            output.GetStringBuilder().Clear();
            interpreter.RunText(new SourceText($"help {info.Name}", line));
            lines.AddRange(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        if (session.Errors > 0)
        {
            lines.Add("(the example failed: please report this)");
        }
        return lines;
    }
}
