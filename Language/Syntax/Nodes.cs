using System.Collections.Immutable;
using MmDsl.Language.Text;

namespace MmDsl.Language.Syntax;

/// <summary>A name written in a command (a process, a new mapping, a loop variable).</summary>
internal sealed record Ident(string Name, Span Span);

/// <summary>A pin handle written as <c>#N</c>.</summary>
internal sealed record HandleRef(int Number, Span Span);

/// <summary>A keyword operand (a flag, an advice, a protection), with where it was written.</summary>
internal sealed record Keyword<T>(T Value, Span Span)
    where T : struct, Enum;

/// <summary>
/// The positional operands of a command that takes an optional process first:
/// <c>[P] ADDR [SIZE]</c>. Whether the first operand names a process is decided when the
/// command runs (the parser does not know which processes exist); the parser has checked
/// that there are between the command's minimum and maximum number of operands.
/// </summary>
internal sealed record Operands(ImmutableArray<Expr> Items, Span Span)
{
    public int Count => Items.Length;

    /// <summary>The command form these operands belong to, as the parser checked them.</summary>
    public OperandShape Shape { get; init; } = OperandShape.Unchecked;

    public Expr this[int index] => Items[index];
}

/// <summary>
/// A command form's operands: its synopsis (<c>munmap [P] ADDR SIZE</c>) and how many operands
/// follow the optional process operand.
/// </summary>
internal sealed record OperandShape(string Synopsis, int Min, int Max)
{
    /// <summary>Operands built by hand, not by the parser: any number.</summary>
    public static OperandShape Unchecked { get; } = new("operands", 0, int.MaxValue);
}

/// <summary>A file name operand: a quoted string or a bare path.</summary>
internal sealed record PathArg(string Path, Span Span);

/// <summary>A parsed script: commands in order, and the text they came from.</summary>
internal sealed record Script(SourceText Source, ImmutableArray<Command> Commands);
