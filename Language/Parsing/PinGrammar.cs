using System.Collections.Immutable;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>pin</c>, <c>get</c>, <c>vmsplice</c> and the commands that release their handles.</summary>
internal static class PinGrammar
{
    private static readonly OperandRule Pin = OperandRule.FromTable("pin", 1, 3, OperandRule.Address);
    private static readonly OperandRule Get = OperandRule.FromTable("get", 1, 3, OperandRule.Address);
    private static readonly OperandRule Vmsplice = OperandRule.FromTable("vmsplice", 1, 3, OperandRule.Address);

    private static readonly Parser<Token, Keyword<GupAccess>> Access = KeywordOf(Keywords.GupAccesses);

    private static readonly int LongTermId = Vocabulary.Id("longterm");

    private static readonly Parser<Token, Token> LongTerm = Word("longterm");

    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "pin" => Command("pin", ExpressionGrammar.For("pin").Operands,
                new PredictiveParser<(Keyword<GupAccess>?, Token)>(t => t.IsWord(LongTermId) ? 1 : 0,
                    Access.Select(a => ((Keyword<GupAccess>?)a, default(Token))),
                    LongTerm.Select(t => ((Keyword<GupAccess>?)null, t))).Repeated(),
                BuildPin),
            "get" => Command("get", ExpressionGrammar.For("get").Operands,
                Access.Select(a => ((Keyword<GupAccess>?)a, default(Token))).Repeated(),
                (items, tail, span) => Tail(tail, out var access, out _) ?? Get.Check(items, span.Source, MappingGrammar.Head(span, "get"))
                    .Then((access, span), static (ops, s) => new GetCommand(ops, s.access, s.span))),
            "vmsplice" => Command("vmsplice", ExpressionGrammar.For("vmsplice").Operands,
                (items, span) => Vmsplice.Check(items, span.Source, MappingGrammar.Head(span, "vmsplice"))
                    .Then(span, static (ops, span) => new VmspliceCommand(ops, span))),
            "unpin" => Release("unpin", ReleaseKind.Unpin),
            "put" => Release("put", ReleaseKind.Put),
            "close" => Release("close", ReleaseKind.Close),
            _ => null,
        };

    private static Parser<Token, Command> Release(string word, ReleaseKind kind) =>
        Command(word, Handle, (handle, span) => new ReleaseCommand(kind, handle, span));

    private static Checked<Command> BuildPin(
        ImmutableArray<Expr> items, ImmutableArray<(Keyword<GupAccess>? Access, Token LongTerm)> tail, Span span) =>
        Tail(tail, out var access, out var longTerm) ?? Pin.Check(items, span.Source, MappingGrammar.Head(span, "pin"))
            .Then((access, longTerm, span), static (ops, s) => new PinCommand(ops, s.access, s.longTerm, s.span));

    /// <summary>The access and <c>longterm</c> after the operands, each at most once; null if they are right.</summary>
    private static Problem? Tail(
        ImmutableArray<(Keyword<GupAccess>? Access, Token LongTerm)> tail, out Keyword<GupAccess>? access, out bool longTerm)
    {
        access = null;
        longTerm = false;
        foreach (var (a, t) in tail)
        {
            if (a is not null && access is not null)
            {
                return new ProblemAt(ErrorMessages.Codes.Keyword, a.Value.Equals(access.Value)
                    ? ErrorMessages.GivenTwice(a.Span.Text)
                    : ErrorMessages.Conflict(access.Span.Text, a.Span.Text), a.Span);
            }
            if (a is null && longTerm)
            {
                return new ProblemAt(ErrorMessages.Codes.Keyword, ErrorMessages.GivenTwice(t.Text), t.Span);
            }
            access ??= a;
            longTerm |= a is null;
        }
        return null;
    }
}
