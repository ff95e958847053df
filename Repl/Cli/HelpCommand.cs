using System.CommandLine;
using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Repl.Cli;

/// <summary>
/// <c>mmdsl help [TOPIC]</c>: the command line's help, a subcommand's (<c>mmdsl help run</c>), or a
/// command of the language with its worked example (<c>mmdsl help fork</c>, as <c>help fork</c>
/// in a script).
/// </summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root, TextWriter output, TextWriter error)
    {
        var topic = new Argument<string?>("TOPIC") { Description = "a subcommand (run, test, ...) or a command of the language (fork, show, ...)", Arity = ArgumentArity.ZeroOrOne };
        var help = new Command("help", "show help for the command line, a subcommand or a command of the language") { topic };
        help.SetAction(result =>
        {
            var name = result.GetValue(topic);
            if (name is null || root.Subcommands.Any(c => c.Name == name))
            {
                var config = new InvocationConfiguration { Output = output, Error = error };
                return root.Parse(name is null ? ["--help"] : [name, "--help"]).Invoke(config);
            }
            if (CommandTable.IsCommand(name))
            {
                foreach (var line in HelpText.For(name, new Span(new SourceText("help", name), 0, name.Length)))
                {
                    output.WriteLine(line);
                }
                return ExitCodes.Ok;
            }
            var nearest = root.Subcommands.Select(c => c.Name).Concat(CommandTable.All.Select(c => c.Name))
                .Select(n => (Name: n, Distance: EditDistance.Of(name, n)))
                .Where(x => x.Distance <= 2)
                .OrderBy(x => x.Distance)
                .Select(x => x.Name)
                .FirstOrDefault();
            error.WriteLine(nearest is null
                ? $"mmdsl help: no subcommand or command '{name}'; 'mmdsl help' lists the subcommands, 'mmdsl -e help' the commands"
                : $"mmdsl help: no subcommand or command '{name}' (did you mean '{nearest}'?)");
            return ExitCodes.Usage;
        });
        return help;
    }
}
