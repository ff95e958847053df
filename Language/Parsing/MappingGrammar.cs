using System.Collections.Immutable;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>mmap</c>, <c>munmap</c>, <c>mprotect</c>, <c>mremap</c>, <c>madvise</c>.</summary>
internal static class MappingGrammar
{
    private static readonly OperandRule Munmap = OperandRule.FromTable("munmap", 2, 3, OperandRule.Address, OperandRule.Size);
    private static readonly OperandRule Mprotect = OperandRule.FromTable("mprotect", 2, 3, OperandRule.Address, OperandRule.Size);
    private static readonly OperandRule Mremap =
        OperandRule.FromTable("mremap", 3, 4, ErrorMessages.Labels.Address, ErrorMessages.Labels.OldSize, ErrorMessages.Labels.NewSize);
    private static readonly OperandRule Madvise = OperandRule.FromTable("madvise", 2, 3, OperandRule.Address, OperandRule.Size);
    private static readonly OperandRule Mlock = OperandRule.FromTable("mlock", 2, 3, OperandRule.Address, OperandRule.Size);
    private static readonly OperandRule Munlock = OperandRule.FromTable("munlock", 2, 3, OperandRule.Address, OperandRule.Size);

    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "mmap" => MmapGrammar.Parser,
            "memfd" => Command("memfd", Ident("memfd", ErrorMessages.Labels.MemfdName), ExpressionGrammar.For("memfd").Expr.Label(OperandRule.Size),
                (name, size, span) => new MemfdCommand(name, size, span)),
            "mlock" => Command("mlock", ExpressionGrammar.For("mlock").Operands,
                (items, span) => Mlock.Check(items, span.Source, Head(span, "mlock")).Then(span, static (ops, span) => new MlockCommand(ops, false, span))),
            "munlock" => Command("munlock", ExpressionGrammar.For("munlock").Operands,
                (items, span) => Munlock.Check(items, span.Source, Head(span, "munlock")).Then(span, static (ops, span) => new MlockCommand(ops, true, span))),
            "munmap" => Command("munmap", ExpressionGrammar.For("munmap").Operands,
                (items, span) => Munmap.Check(items, span.Source, Head(span, "munmap")).Then(span, static (ops, span) => new MunmapCommand(ops, span))),
            "mprotect" => Command("mprotect", ExpressionGrammar.For("mprotect").Operands, KeywordOf(Keywords.Protections).Opt(),
                (items, prot, span) => WithKeyword(Mprotect, items, prot, span, ErrorMessages.Nouns.Protection,
                    ErrorMessages.Alternatives(KeywordList("mprotect")), static (ops, k, span) => new MprotectCommand(ops, k, span))),
            "mremap" => Command("mremap", ExpressionGrammar.For("mremap").Operands,
                Word("to").Then(ExpressionGrammar.For("mremap").Expr.Label(OperandRule.Address)).Opt(),
                (items, to, span) => Mremap.Check(items, span.Source, Head(span, "mremap"))
                    .Then((to, span), static (ops, s) => new MremapCommand(ops, s.to.GetValueOrDefault(), s.span))),
            "madvise" => Command("madvise", ExpressionGrammar.For("madvise").Operands, KeywordOf(Keywords.Advices).Opt(),
                (items, advice, span) => WithKeyword(Madvise, items, advice, span, ErrorMessages.Nouns.Advice, ErrorMessages.Labels.Advice,
                    static (ops, k, span) => new MadviseCommand(ops, k, span))),
            _ => null,
        };

    /// <summary>Where the command word ends.</summary>
    public static int Head(Span span, string word) => span.Start + word.Length;

    /// <summary>
    /// Operands followed by one required keyword (mprotect's protection, madvise's advice). A
    /// missing keyword after a plain name means the name was meant as the keyword.
    /// </summary>
    private static Checked<Command> WithKeyword<T>(
        OperandRule rule, ImmutableArray<Expr> items, Maybe<Keyword<T>> keyword, Span span,
        string noun, string label, Func<Operands, Keyword<T>, Span, Command> build)
        where T : struct, Enum
    {
        if (!keyword.HasValue && items.Length > rule.Min && items[^1] is NameExpr name)
        {
            return NotAKeyword(name.Name, name.Span, noun, rule.Form, KeywordList(rule.Form));
        }
        return rule.Check(items, span.Source, Head(span, rule.Form)).Then((keyword, build, label, end: items.IsEmpty ? span.End : items[^1].Span.End, span), static (ops, s) => s.keyword.HasValue
            ? s.build(ops, s.keyword.Value, s.span)
            : new MissingProblem(s.label, s.end));
    }
}
