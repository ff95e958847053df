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
        [ShowKind.Procs] = Show("procs", 0, 0, ""),
        [ShowKind.Swap] = Show("swap", 0, 0, ""),
        [ShowKind.Pins] = Show("pins", 0, 0, ""),
        [ShowKind.Stats] = Show("stats", 0, 0, ""),
        [ShowKind.Refs] = Show("refs", 0, 1, "[P]"),
        [ShowKind.Maps] = Show("maps", 0, 1, "[P]"),
        [ShowKind.Ptes] = Show("ptes", 0, 3, "[P] [ADDR [SIZE]]"),
        [ShowKind.Folio] = Show("folio", 1, 2, "[P] ADDR"),
    };

    private static readonly Parser<Token, Keyword<ShowKind>> Kind =
        KeywordOf(Keywords.ShowKinds)
            .Label(ErrorMessages.Alternatives(KeywordList("show")))
            .Or(Reject<Keyword<ShowKind>>(t => t.Kind == TokenKind.Word
                ? NotAKeyword(t.Text, t.Span, "a kind", "show", KeywordList("show"))
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

    private static OperandRule Show(string kind, int min, int max, string takes) =>
        new("show " + kind, min, max, takes.Length == 0 ? "no operands" : takes, [OperandRule.Address]);
}
