using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>show KIND ... [--csharp]</c> and <c>check</c>.</summary>
internal static class InspectionGrammar
{
    private static readonly Dictionary<ShowKind, OperandRule> ShowRules = new()
    {
        [ShowKind.Procs] = Show(ShowKind.Procs, 0, 0, ErrorMessages.Synopses.NoOperands),
        [ShowKind.Swap] = Show(ShowKind.Swap, 0, 0, ErrorMessages.Synopses.NoOperands),
        [ShowKind.Pins] = Show(ShowKind.Pins, 0, 0, ErrorMessages.Synopses.NoOperands),
        [ShowKind.Stats] = Show(ShowKind.Stats, 0, 0, ErrorMessages.Synopses.NoOperands),
        [ShowKind.Refs] = Show(ShowKind.Refs, 0, 1, ErrorMessages.Synopses.ShowProcess),
        [ShowKind.Maps] = Show(ShowKind.Maps, 0, 1, ErrorMessages.Synopses.ShowProcess),
        [ShowKind.Ptes] = Show(ShowKind.Ptes, 0, 3, ErrorMessages.Synopses.ShowPtes),
        [ShowKind.Folio] = Show(ShowKind.Folio, 1, 2, ErrorMessages.Synopses.ShowFolio),
    };

    private static readonly Parser<Token, Keyword<ShowKind>> Kind =
        KeywordOf(Keywords.ShowKinds)
            .Label(ErrorMessages.Alternatives(KeywordList("show")))
            .Or(Reject<Keyword<ShowKind>>(t => t.Kind == TokenKind.Word
                ? NotAKeyword(t.Text, t.Span, ErrorMessages.Nouns.Kind, "show", KeywordList("show"))
                : null));

    public static IEnumerable<(string Name, Parser<Token, Command> Parser)> Commands =>
    [
        ("show", Command(
            Map((kind, items, csharp) => (kind, items, csharp), Word("show").Then(Kind),
                ExpressionGrammar.For("show").Operands, CSharpOption),
            (x, span) => ShowRules[x.kind.Value].Check(x.items, span.Source, x.kind.Span.End)
                .Then((x, span), static (ops, s) => new ShowCommand(s.x.kind.Value, ops, s.x.csharp, s.span)))),
        ("check", Bare("check", span => new CheckCommand(span))),
    ];

    private static OperandRule Show(ShowKind kind, int min, int max, string takes) =>
        new("show " + Keywords.WordOf(Keywords.ShowKinds, kind), min, max, takes, [ErrorMessages.Labels.Address]);
}
