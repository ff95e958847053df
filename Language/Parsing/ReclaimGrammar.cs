using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>swapout</c>, <c>reclaim</c>, <c>collapse</c>, <c>split</c>, <c>migrate</c>, <c>shrink</c>, <c>khugepaged</c>, <c>drain</c>, <c>ksm</c>.</summary>
internal static class ReclaimGrammar
{
    private static readonly OperandRule Swapout = OperandRule.FromTable("swapout", 1, 3, OperandRule.Address);
    private static readonly OperandRule Collapse = OperandRule.FromTable("collapse", 1, 2, OperandRule.Address);
    private static readonly OperandRule Split = OperandRule.FromTable("split", 1, 2, OperandRule.Address);
    private static readonly OperandRule SplitFolio = OperandRule.FromTable("split folio", 1, 2, OperandRule.Address);
    private static readonly OperandRule Migrate = OperandRule.FromTable("migrate", 1, 3, OperandRule.Address);

    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "swapout" => Command("swapout", ExpressionGrammar.For("swapout").Operands,
                (items, span) => Swapout.Check(items, span.Source, MappingGrammar.Head(span, "swapout"))
                    .Then(span, static (ops, span) => new SwapoutCommand(ops, span))),
            "reclaim" => Bare("reclaim", span => new ReclaimCommand(span)),
            "collapse" => Command("collapse", ExpressionGrammar.For("collapse").Operands,
                (items, span) => Collapse.Check(items, span.Source, MappingGrammar.Head(span, "collapse"))
                    .Then(span, static (ops, span) => new CollapseCommand(ops, span))),
            "split" => Command("split", Word("folio").Opt(), ExpressionGrammar.For("split").Operands,
                (folio, items, span) => folio.HasValue
                    ? SplitFolio.Check(items, span.Source, folio.Value.End).Then(span, static (ops, span) => new SplitCommand(true, ops, span))
                    : Split.Check(items, span.Source, MappingGrammar.Head(span, "split")).Then(span, static (ops, span) => new SplitCommand(false, ops, span))),
            "migrate" => Command("migrate", ExpressionGrammar.For("migrate").Operands,
                (items, span) => Migrate.Check(items, span.Source, MappingGrammar.Head(span, "migrate"))
                    .Then(span, static (ops, span) => new MigrateCommand(ops, span))),
            "shrink" => Bare("shrink", span => new ShrinkCommand(span)),
            "khugepaged" => Bare("khugepaged", span => new KhugepagedCommand(span)),
            "drain" => Bare("drain", span => new DrainCommand(span)),
            "ksm" => Bare("ksm", span => new KsmCommand(span)),
            _ => null,
        };
}
