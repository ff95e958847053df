using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary>
/// <c>mmap [NAME] SIZE [at ADDR] [FLAG ...]</c>: NAME is there when two expressions come before
/// <c>at</c>, the flags or the end.
/// </summary>
internal static class MmapGrammar
{
    private static readonly int AtId = Vocabulary.Id("at");

    private static readonly int MemfdId = Vocabulary.Id("memfd");

    private static readonly ExpressionGrammar Exprs = ExpressionGrammar.For("mmap");

    private static readonly string Takes = OperandRule.FromTable("mmap", 1, 2).Takes;

    private static readonly Parser<Token, TailItemOf> TailItem = new PredictiveParser<TailItemOf>(
        t => t.IsWord(AtId) ? 0 : t.IsWord(MemfdId) ? 1 : 2,
        Map((word, at) => new TailItemOf(word, at, null, null), Word("at"), Exprs.Expr.Label(OperandRule.Address)),
        Map((word, file) => new TailItemOf(word, null, file, null), Word("memfd"), Ident("mmap", ErrorMessages.Labels.MemfdName)),
        KeywordOf(Keywords.MmapFlags).Select(flag => new TailItemOf(default, null, null, flag)));

    /// <summary>One item after the size: <c>at ADDR</c>, <c>memfd F</c> or a flag.</summary>
    private sealed record TailItemOf(Token Word, Expr? At, Ident? File, Keyword<MmapFlag>? Flag);

    public static readonly Parser<Token, Command> Parser = Command("mmap", Exprs.Operands, TailItem.Repeated(), Build);

    private static Checked<Command> Build(
        ImmutableArray<Expr> items, ImmutableArray<TailItemOf> tail, Span span)
    {
        switch (items.Length)
        {
            case 0:
                return new MissingProblem(OperandRule.Size, MappingGrammar.Head(span, "mmap"));
            case > 2 when items[2] is NameExpr word:
                return NotAKeyword(word.Name, word.Span, ErrorMessages.Nouns.Flag, "mmap", KeywordList("mmap").Remove("at").Remove("memfd"));
            case > 2:
                return new ProblemAt(ErrorMessages.Codes.Operands, ErrorMessages.TooManyOperands("mmap", Takes), items[2].Span);
            case 2 when items[0] is not NameExpr:
                return new ProblemAt(ErrorMessages.Codes.Operands,
                    ErrorMessages.ExpectedFirst(ErrorMessages.Labels.MappingName, items[0].Span.Text, "mmap", Takes), items[0].Span);
        }
        Expr? at = null;
        Ident? file = null;
        var flags = new Keyword<MmapFlag>[tail.Length];
        var count = 0;
        foreach (var item in tail)
        {
            if (item.At is not null)
            {
                if (at is not null)
                {
                    return new ProblemAt(ErrorMessages.Codes.Keyword, ErrorMessages.GivenTwice(item.Word.Text), item.Word.Span);
                }
                at = item.At;
                continue;
            }
            if (item.File is not null)
            {
                if (file is not null)
                {
                    return new ProblemAt(ErrorMessages.Codes.Keyword, ErrorMessages.GivenTwice(item.Word.Text), item.Word.Span);
                }
                file = item.File;
                continue;
            }
            var flag = item.Flag!;
            for (var i = 0; i < count; i++)
            {
                if (flags[i].Value == flag.Value)
                {
                    return new ProblemAt(ErrorMessages.Codes.Keyword, ErrorMessages.GivenTwice(flag.Span.Text), flag.Span);
                }
            }
            flags[count++] = flag;
        }
        if (count != flags.Length)
        {
            Array.Resize(ref flags, count);
        }
        var name = items.Length == 2 ? new Ident(((NameExpr)items[0]).Name, items[0].Span) : null;
        return new MmapCommand(name, items[^1], at, ImmutableCollectionsMarshal.AsImmutableArray(flags), span) { File = file };
    }
}
