using System.Collections.Immutable;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>read</c> and <c>write</c>, on memory or through a handle <c>#N</c>.</summary>
internal static class AccessGrammar
{
    private static readonly OperandRule Read = OperandRule.FromTable("read", 1, 3, OperandRule.Address);
    private static readonly OperandRule Write = OperandRule.FromTable("write", 1, 3, OperandRule.Address);

    /// <summary>Either a handle or the operands, whichever the command got.</summary>
    private static Parser<Token, (HandleRef? Handle, ImmutableArray<Expr> Items)> Target(string command) =>
        new PredictiveParser<(HandleRef? Handle, ImmutableArray<Expr> Items)>(t => t.Kind == TokenKind.Handle ? 0 : 1, 1,
            Handle.Select(h => ((HandleRef?)h, ImmutableArray<Expr>.Empty)),
            ExpressionGrammar.For(command).Operands.Select(items => ((HandleRef?)null, items)));

    private static readonly Parser<Token, Maybe<Expr>> Value =
        Kind(TokenKind.Assign).Then(ExpressionGrammar.For("write").Expr.Label(ErrorMessages.Labels.Value)).Opt();

    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "read" => Command("read", Target("read"), (x, span) => x.Handle is { } handle
                ? new HandleReadCommand(handle, span)
                : Read.Check(x.Items, span.Source, MappingGrammar.Head(span, "read")).Then(span, static (ops, span) => new ReadCommand(ops, span))),
            "write" => Command("write", Target("write"), Value,
                (target, value, span) => target.Handle is { } handle
                    ? new HandleWriteCommand(handle, value.GetValueOrDefault(), span)
                    : Write.Check(target.Items, span.Source, MappingGrammar.Head(span, "write"))
                        .Then((value, span), static (ops, s) => new WriteCommand(ops, s.value.GetValueOrDefault(), s.span))),
            "pwrite" => Command("pwrite", Ident("pwrite", ErrorMessages.Labels.MemfdName),
                ExpressionGrammar.For("pwrite").Expr.Label(ErrorMessages.Labels.Offset),
                Kind(TokenKind.Assign).Label(ErrorMessages.Labels.EqualsSign).Then(ExpressionGrammar.For("pwrite").Expr.Label(ErrorMessages.Labels.Value)),
                (file, offset, value, span) => new PwriteCommand(file, offset, value, span)),
            "pread" => Command("pread", Ident("pread", ErrorMessages.Labels.MemfdName),
                ExpressionGrammar.For("pread").Expr.Label(ErrorMessages.Labels.Offset),
                (file, offset, span) => new PreadCommand(file, offset, span)),
            _ => null,
        };
}
