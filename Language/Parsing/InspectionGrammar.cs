using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>show KIND ... [--csharp]</c> and <c>check</c>.</summary>
internal static class InspectionGrammar
{
    /// <summary>The operand rule of each kind of <c>show</c>, indexed by the kind.</summary>
    private static readonly OperandRule[] ShowRules = ShowRulesByKind();

    private static readonly Parser<Token, Keyword<ShowKind>> Kind =
        KeywordOf(Keywords.ShowKinds)
            .Label(ErrorMessages.Alternatives(KeywordList("show")))
            .Or(Reject<Keyword<ShowKind>>(t => t.Kind == TokenKind.Word
                ? NotAKeyword(t.Text, t.Span, ErrorMessages.Nouns.Kind, "show", KeywordList("show"))
                : null));

    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "show" => Command("show", Kind, ExpressionGrammar.For("show").Operands, Leaves.ShowOption,
                (kind, items, option, span) => option == Syntax.ShowOption.Dot && kind.Value != ShowKind.Graph
                    ? new ProblemAt(ErrorMessages.Codes.Syntax, ErrorMessages.DotOnlyOnGraph(Keywords.ShowKinds.WordOf(kind.Value)), span)
                    : ShowRules[(int)kind.Value].Check(items, span.Source, kind.Span.End)
                        .Then((kind, option, span), static (ops, s) =>
                            new ShowCommand(s.kind.Value, ops, s.option == Syntax.ShowOption.CSharp, s.span) { Dot = s.option == Syntax.ShowOption.Dot })),
            "check" => Bare("check", span => new CheckCommand(span)),
            _ => null,
        };

    private static OperandRule[] ShowRulesByKind()
    {
        var table = Keywords.ShowKinds;
        var rules = new OperandRule[table.Count];
        for (var i = 0; i < table.Count; i++)
        {
            var (min, max, takes) = table.ValueAt(i) switch
            {
                ShowKind.Refs or ShowKind.Maps => (0, 1, ErrorMessages.Synopses.ShowProcess),
                ShowKind.Ptes or ShowKind.Graph => (0, 3, ErrorMessages.Synopses.ShowPtes),
                ShowKind.Folio => (1, 2, ErrorMessages.Synopses.ShowFolio),
                _ => (0, 0, ErrorMessages.Synopses.NoOperands),
            };
            rules[(int)table.ValueAt(i)] = new("show " + table.Words[i], min, max, takes, [ErrorMessages.Labels.Address]);
        }
        return rules;
    }
}
