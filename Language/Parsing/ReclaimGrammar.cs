using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>swapout</c>, <c>reclaim</c>, <c>collapse</c>, <c>split</c>, <c>migrate</c>, <c>shrink</c>, <c>khugepaged</c>, <c>drain</c>.</summary>
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
            "swapout" => Command(Word("swapout").Then(ExpressionGrammar.For("swapout").Operands),
                (items, span) => Swapout.Check(items, span.Source, MappingGrammar.Head(span, "swapout"))
                    .Then(span, static (ops, span) => new SwapoutCommand(ops, span))),
            "reclaim" => Bare("reclaim", span => new ReclaimCommand(span)),
            "collapse" => Command(Word("collapse").Then(ExpressionGrammar.For("collapse").Operands),
                (items, span) => Collapse.Check(items, span.Source, MappingGrammar.Head(span, "collapse"))
                    .Then(span, static (ops, span) => new CollapseCommand(ops, span))),
            "split" => Command(
                Map((folio, items) => (folio, items), Word("split").Then(Word("folio").Opt()),
                    ExpressionGrammar.For("split").Operands),
                (x, span) => x.folio.HasValue
                    ? SplitFolio.Check(x.items, span.Source, x.folio.Value.End).Then(span, static (ops, span) => new SplitCommand(true, ops, span))
                    : Split.Check(x.items, span.Source, MappingGrammar.Head(span, "split")).Then(span, static (ops, span) => new SplitCommand(false, ops, span))),
            "migrate" => Command(Word("migrate").Then(ExpressionGrammar.For("migrate").Operands),
                (items, span) => Migrate.Check(items, span.Source, MappingGrammar.Head(span, "migrate"))
                    .Then(span, static (ops, span) => new MigrateCommand(ops, span))),
            "shrink" => Bare("shrink", span => new ShrinkCommand(span)),
            "khugepaged" => Bare("khugepaged", span => new KhugepagedCommand(span)),
            "drain" => Bare("drain", span => new DrainCommand(span)),
            _ => null,
        };
}
