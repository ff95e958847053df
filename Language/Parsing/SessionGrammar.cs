using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>compare</c>, <c>undo</c>, <c>save</c>, <c>report</c>, <c>run</c>, <c>history</c>, <c>help</c>.</summary>
internal static class SessionGrammar
{
    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "compare" => Command("compare",
                OneOf(
                    Block.Select(t => (Block: (Token?)t, Path: (PathArg?)null)),
                    FilePath.Select(p => (Block: (Token?)null, Path: (PathArg?)p))),
                (x, span) => x.Block is { } block
                    ? new CompareCommand(BlockGrammar.BodyOf(block), null, span)
                    : new CompareCommand(null, x.Path, span)),
            "undo" => Bare("undo", span => new UndoCommand(span)),
            "save" => Command("save", FilePath, (path, span) => new SaveCommand(path, span)),
            "report" => Command("report", FilePath.Opt(), (path, span) => new ReportCommand(path.HasValue ? path.Value : null, span)),
            "run" => Command("run", FilePath, (path, span) => new RunCommand(path, span)),
            "history" => Bare("history", span => new HistoryCommand(span)),
            "help" => Command("help", Parser<Token>.Token(t => t.Kind is TokenKind.Raw or TokenKind.String).Opt(),
                (topic, span) => new HelpCommand(topic.HasValue ? topic.Value.Text : null, span)),
            _ => null,
        };
}
