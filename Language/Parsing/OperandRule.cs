using System.Collections.Immutable;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Language.Parsing;

/// <summary>
/// How many positional operands a command form takes (<c>[P] ADDR [SIZE]</c>: 1 to 3), what
/// to call a missing one, and the synopsis quoted when there are too many.
/// </summary>
internal sealed record OperandRule(string Form, int Min, int Max, string Takes, ImmutableArray<string> Slots)
{
    public const string Address = ErrorMessages.Labels.Address;
    public const string Size = ErrorMessages.Labels.Size;

    /// <summary>What the operands carry of the rule: the form's synopsis and the count after the optional process.</summary>
    private readonly OperandShape _shape = new($"{Form} {Takes}", Min, Math.Max(Min, Max - 1));

    /// <summary>A rule whose synopsis comes from the command table (the alternative starting with <paramref name="form"/>).</summary>
    public static OperandRule FromTable(string form, int min, int max, params string[] slots)
    {
        var command = form.Split(' ')[0];
        var synopsis = CommandTable.Find(command)?.Synopsis ?? form;
        var alternative = synopsis.Split("  |  ", StringSplitOptions.TrimEntries)
            .Where(a => a.StartsWith(form + " ", StringComparison.Ordinal))
            .DefaultIfEmpty(synopsis)
            .First();
        return new OperandRule(form, min, max, alternative[(form.Length + 1)..], [.. slots]);
    }

    /// <summary>
    /// The operands, or the problem with their number. With the most operands the form takes, the
    /// first names the process and must be a plain name. <paramref name="headEnd"/> is where the
    /// command words end, for a missing first operand.
    /// </summary>
    public Checked<Operands> Check(ImmutableArray<Expr> items, SourceText source, int headEnd)
    {
        if (items.Length < Min)
        {
            return new MissingProblem(Slots[Math.Min(items.Length, Slots.Length - 1)], items.IsEmpty ? headEnd : items[^1].Span.End);
        }
        if (items.Length > Max)
        {
            return new ProblemAt(ErrorMessages.Codes.Operands, ErrorMessages.TooManyOperands(Form, Takes), items[Max].Span);
        }
        if (items.Length == Max && Max > Min && items[0] is not NameExpr)
        {
            return new ProblemAt(ErrorMessages.Codes.Operands,
                ErrorMessages.ProcessFirst(items[0].Span.Text, Form, Takes), items[0].Span);
        }
        return new Operands(items, SpanOf(items, source, headEnd)) { Shape = _shape };
    }

    /// <summary>The span of some operands; an empty list sits right after the command words.</summary>
    public static Span SpanOf(ImmutableArray<Expr> items, SourceText source, int headEnd) =>
        items.IsEmpty ? new Span(source, headEnd, 0) : items[0].Span.To(items[^1].Span);
}
