using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// Evaluates expressions: arithmetic wraps at 64 bits, comparisons and logic give booleans. A value
/// the backend cannot give (<see cref="Value.Unknown"/>) makes what depends on it unknown, except
/// where logic decides without it (<c>false and ?</c>, <c>true or ?</c>).
/// </summary>
internal sealed class Evaluator
{
    private readonly IExpressionContext _context;
    private List<Observation>? _parts;

    public Evaluator(IExpressionContext context)
    {
        _context = context;
    }

    public Value Eval(Expr expr) => expr switch
    {
        NumberExpr n => Value.Of(n.Value, hex: !n.IsSize && IsHexLiteral(n.Span)),
        NameExpr name => Name(name),
        UnaryExpr u => Unary(u),
        BinaryExpr b => Binary(b),
        CallExpr call => Record(call, _context.Call(call, this)),
        HandleExpr h => throw new RuntimeError(h.Span, $"#{h.Number} is a handle: use it as handle(#{h.Number})"),
        _ => throw new RuntimeError(expr.Span, "unsupported expression"),
    };

    /// <summary>Runs EVALUATE and returns, with its result, the value of every query it called, in order.</summary>
    public (T Result, IReadOnlyList<Observation> Parts) Recorded<T>(Func<T> evaluate)
    {
        var outer = _parts;
        _parts = [];
        try
        {
            var result = evaluate();
            return (result, _parts);
        }
        finally
        {
            _parts = outer;
        }
    }

    /// <summary>A number: an address, a size, a count.</summary>
    public long Number(Expr expr, string what)
    {
        var v = Eval(expr);
        if (v.IsBool)
        {
            throw new RuntimeError(expr.Span, $"expected {what}, got a condition");
        }
        if (v.Unknown is { } why)
        {
            throw new RuntimeError(expr.Span, $"expected {what}, got a value this backend cannot give: {why}");
        }
        return v.Number;
    }

    public bool Condition(Expr expr)
    {
        var v = ConditionValue(expr);
        if (v.Unknown is { } why)
        {
            throw new RuntimeError(expr.Span, $"expected a condition, got one this backend cannot decide: {why}");
        }
        return v.Bool;
    }

    /// <summary>
    /// An <c>expect</c>: its outcome (true, false, or unknown) and, for a comparison, the two sides
    /// for the failure message.
    /// </summary>
    public (Value Outcome, string? Detail) Expectation(Expr condition)
    {
        if (condition is BinaryExpr { Op: >= BinaryOp.Equal and <= BinaryOp.GreaterOrEqual } cmp)
        {
            var left = Eval(cmp.Left);
            var right = Eval(cmp.Right);
            return (Comparison.Compare(cmp, left, right), $"left {left}, right {right}");
        }
        return (ConditionValue(condition), null);
    }

    private Value Record(CallExpr call, Value value)
    {
        _parts?.Add(Observation.Of(call.Span.Text.Trim(), value));
        return value;
    }

    private Value ConditionValue(Expr expr)
    {
        var v = Eval(expr);
        if (!v.IsBool)
        {
            throw new RuntimeError(expr.Span, $"expected a condition, got the number {v}");
        }
        return v;
    }

    private Value Name(NameExpr name)
    {
        if (_context.TryGetName(name.Name, out var value))
        {
            return value;
        }
        if (_context.IsProcess(name.Name))
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' is a process, not a value");
        }
        throw new RuntimeError(name.Span, $"unknown name '{name.Name}'");
    }

    private Value Unary(UnaryExpr u)
    {
        if (u.Op == UnaryOp.Not)
        {
            var c = ConditionValue(u.Operand);
            return c.IsUnknown ? c : Value.Of(!c.Bool) with { MachineSpecific = c.MachineSpecific };
        }
        var v = Eval(u.Operand);
        RequireNumber(v, u.Operand.Span);
        if (!v.IsUnknown && v.Number == long.MinValue)
        {
            throw new RuntimeError(u.Span, $"arithmetic overflow: -({v.Number}) does not fit in 64 bits");
        }
        return v.IsUnknown ? v : Value.Of(-v.Number, v.Hex) with { MachineSpecific = v.MachineSpecific };
    }

    private Value Binary(BinaryExpr b)
    {
        switch (b.Op)
        {
            case BinaryOp.And:
                return Logic(b, decisive: false);
            case BinaryOp.Or:
                return Logic(b, decisive: true);
        }
        var left = Eval(b.Left);
        var right = Eval(b.Right);
        if (b.Op is BinaryOp.Equal or BinaryOp.NotEqual && left.IsBool && right.IsBool)
        {
            return Comparison.Compare(b, left, right);
        }
        RequireNumber(left, b.Left.Span);
        RequireNumber(right, b.Right.Span);
        if (b.Op is >= BinaryOp.Equal and <= BinaryOp.GreaterOrEqual)
        {
            return Comparison.Compare(b, left, right);
        }
        if (Comparison.FirstUnknown(left, right) is { } unknown)
        {
            return Value.Unobserved(false, unknown);
        }
        var hex = left.Hex || right.Hex;
        var result = Value.Of(Arithmetic(b, left.Number, right.Number), hex);
        return result with { MachineSpecific = left.MachineSpecific || right.MachineSpecific };
    }

    /// <summary>64-bit signed arithmetic; a result that does not fit is an error at the operator, never a wrapped number.</summary>
    private static long Arithmetic(BinaryExpr b, long left, long right)
    {
        try
        {
            return b.Op switch
            {
                BinaryOp.Add => checked(left + right),
                BinaryOp.Subtract => checked(left - right),
                BinaryOp.Multiply => checked(left * right),
                _ => throw new RuntimeError(b.Span, "unsupported operator"),
            };
        }
        catch (OverflowException)
        {
            var op = b.Op switch { BinaryOp.Add => "+", BinaryOp.Subtract => "-", _ => "*" };
            throw new RuntimeError(b.Span, $"arithmetic overflow: {left} {op} {right} does not fit in 64 bits");
        }
    }

    /// <summary>
    /// <c>and</c> (DECISIVE false) and <c>or</c> (DECISIVE true): the right side runs only when the
    /// left does not decide, and an unknown side matters only when the other does not decide.
    /// </summary>
    private Value Logic(BinaryExpr b, bool decisive)
    {
        var left = ConditionValue(b.Left);
        if (!left.IsUnknown && left.Bool == decisive)
        {
            return Value.Of(decisive) with { MachineSpecific = left.MachineSpecific };
        }
        var right = ConditionValue(b.Right);
        var machineSpecific = left.MachineSpecific || right.MachineSpecific;
        if (!right.IsUnknown && right.Bool == decisive)
        {
            return Value.Of(decisive) with { MachineSpecific = machineSpecific };
        }
        if (Comparison.FirstUnknown(left, right) is { } unknown)
        {
            return Value.Unobserved(true, unknown);
        }
        return Value.Of(!decisive) with { MachineSpecific = machineSpecific };
    }

    private static void RequireNumber(Value v, Span span)
    {
        if (v.IsBool)
        {
            throw new RuntimeError(span, "expected a number, got a condition");
        }
    }

    private static bool IsHexLiteral(Span span)
    {
        var text = span.Text.TrimStart();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
    }
}
