using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

/// <summary>Comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>) of two values, known or not.</summary>
internal static class Comparison
{
    /// <summary>
    /// Compares two numbers, or two conditions with <c>==</c> and <c>!=</c> (a condition is never
    /// equal to a number). Unknown if either side is. Machine-specific when exactly one side is and
    /// the other is not 0: two pfns compare the same on any machine, a pfn and a constant do not.
    /// </summary>
    public static Value Compare(BinaryExpr cmp, Value left, Value right)
    {
        if (left.IsBool || right.IsBool)
        {
            if (cmp.Op is not (BinaryOp.Equal or BinaryOp.NotEqual))
            {
                throw new RuntimeError(cmp.Span, "only == and != compare conditions");
            }
        }
        if (FirstUnknown(left, right) is { } unknown)
        {
            return Value.Unobserved(true, unknown);
        }
        bool result;
        if (left.IsBool || right.IsBool)
        {
            var same = left.Bool == right.Bool && left.IsBool == right.IsBool;
            result = cmp.Op == BinaryOp.Equal ? same : !same;
        }
        else
        {
            result = cmp.Op switch
            {
                BinaryOp.Equal => left.Number == right.Number,
                BinaryOp.NotEqual => left.Number != right.Number,
                BinaryOp.Less => left.Number < right.Number,
                BinaryOp.LessOrEqual => left.Number <= right.Number,
                BinaryOp.Greater => left.Number > right.Number,
                _ => left.Number >= right.Number,
            };
        }
        var machineSpecific = left.MachineSpecific != right.MachineSpecific
            && (left.MachineSpecific ? right.Number : left.Number) != 0;
        return Value.Of(result) with { MachineSpecific = machineSpecific };
    }

    /// <summary>Why the first unknown of two values is unknown, or null when both are known.</summary>
    public static string? FirstUnknown(Value left, Value right) => left.Unknown ?? right.Unknown;
}
