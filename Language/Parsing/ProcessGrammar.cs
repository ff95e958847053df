using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>proc</c>, <c>use</c>, <c>fork</c>, <c>exit</c>.</summary>
internal static class ProcessGrammar
{
    private const string ProcessName = ErrorMessages.Labels.ProcessName;

    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "proc" => Command("proc", Ident("proc", ProcessName), (name, span) => new ProcCommand(name, span)),
            "use" => Command("use", Ident("use", ProcessName), (name, span) => new UseCommand(name, span)),
            "fork" => Command("fork", Ident("fork", ProcessName), Word("from").Then(Ident("fork", ProcessName)).Opt(),
                (child, parent, span) => new ForkCommand(child, parent.GetValueOrDefault(), span)),
            "exit" => Command("exit", Ident("exit", ProcessName).Opt(),
                (name, span) => new ExitCommand(name.GetValueOrDefault(), span)),
            _ => null,
        };
}
