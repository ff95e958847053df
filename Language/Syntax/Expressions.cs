using System.Collections.Immutable;
using MmDsl.Language.Text;

namespace MmDsl.Language.Syntax;

/// <summary>An expression: an address, a size, a value or a condition.</summary>
internal abstract record Expr(Span Span);

/// <summary>
/// A number or a size literal. <see cref="Value"/> is the 64-bit pattern (sizes already
/// multiplied out); <see cref="IsSize"/> says a suffix was given (<c>4K</c>, <c>2MiB</c>).
/// </summary>
internal sealed record NumberExpr(long Value, bool IsSize, Span Span) : Expr(Span);

/// <summary>A name: a mapping (its start address), a loop variable, a <c>let</c> value, or a process.</summary>
internal sealed record NameExpr(string Name, Span Span) : Expr(Span);

/// <summary>A pin handle <c>#N</c>, allowed as an argument of <c>handle(#N)</c>.</summary>
internal sealed record HandleExpr(int Number, Span Span) : Expr(Span);

internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

internal enum UnaryOp
{
    Negate,
    Not,
}

internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, Span Span) : Expr(Span);

internal sealed record UnaryExpr(UnaryOp Op, Expr Operand, Span Span) : Expr(Span);

/// <summary>
/// A query such as <c>refcount(A, buf)</c>. <see cref="Function"/> is a name from
/// <see cref="Commands.QueryTable"/>; the parser has checked the number of arguments.
/// </summary>
internal sealed record CallExpr(string Function, ImmutableArray<Expr> Args, Span Span) : Expr(Span);
