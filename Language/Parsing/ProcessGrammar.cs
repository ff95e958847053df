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
            "proc" => Command(Word("proc").Then(Ident("proc", ProcessName)), (name, span) => new ProcCommand(name, span)),
            "use" => Command(Word("use").Then(Ident("use", ProcessName)), (name, span) => new UseCommand(name, span)),
            "fork" => Command(
                Map((child, parent) => (child, parent), Word("fork").Then(Ident("fork", ProcessName)),
                    Word("from").Then(Ident("fork", ProcessName)).Opt()),
                (x, span) => new ForkCommand(x.child, x.parent.GetValueOrDefault(), span)),
            "exit" => Command(Word("exit").Then(Ident("exit", ProcessName).Opt()),
                (name, span) => new ExitCommand(name.GetValueOrDefault(), span)),
            _ => null,
        };
}
