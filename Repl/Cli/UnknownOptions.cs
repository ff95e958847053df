using System.CommandLine;
using MmDsl.Language.Commands;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Cli;

/// <summary>
/// A word that looks like an option where a command takes file names (<c>run --bogus</c>):
/// System.CommandLine hands it over as a file; this says it is an unknown option instead, with
/// the nearest option of the command.
/// </summary>
internal static class UnknownOptions
{
    /// <summary>The usage exit code after the message, or null when every file is one.</summary>
    public static int? Check(Command command, IEnumerable<string> files, TextWriter error)
    {
        foreach (var file in files)
        {
            if (file.Length < 2 || file[0] != '-' || File.Exists(file))
            {
                continue;
            }
            var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
            var nearest = names
                .Select(n => (Name: n, Distance: EditDistance.Of(file, n)))
                .Where(x => x.Distance <= 2)
                .OrderBy(x => x.Distance)
                .Select(x => x.Name)
                .FirstOrDefault();
            error.WriteLine(nearest is null
                ? $"mmdsl {command.Name}: unknown option '{file}' (options: {string.Join(", ", names)})"
                : $"mmdsl {command.Name}: unknown option '{file}' (did you mean '{nearest}'?)");
            error.WriteLine($"try 'mmdsl {command.Name} --help'");
            return ExitCodes.Usage;
        }
        return null;
    }
}
