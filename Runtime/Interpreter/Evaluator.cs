using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Interpreter;

/// <summary>Evaluates expressions: arithmetic wraps at 64 bits, comparisons and logic give booleans.</summary>
internal sealed class Evaluator
{
    private readonly Session _session;
    private readonly Queries _queries;

    public Evaluator(Session session, Queries queries)
    {
        _session = session;
        _queries = queries;
    }

    public Value Eval(Expr expr) => expr switch
    {
        NumberExpr n => Value.Of(n.Value, hex: !n.IsSize && IsHexLiteral(n.Span)),
        NameExpr name => Name(name),
        UnaryExpr u => Unary(u),
        BinaryExpr b => Binary(b),
        CallExpr call => _queries.Call(call, this),
        HandleExpr h => throw new RuntimeError(h.Span, $"#{h.Number} is a handle: use it as handle(#{h.Number})"),
        _ => throw new RuntimeError(expr.Span, "unsupported expression"),
    };

    /// <summary>A number: an address, a size, a count.</summary>
    public long Number(Expr expr, string what)
    {
        var v = Eval(expr);
        if (v.IsBool)
        {
            throw new RuntimeError(expr.Span, $"expected {what}, got a condition");
        }
        return v.Number;
    }

    public bool Condition(Expr expr)
    {
        var v = Eval(expr);
        if (!v.IsBool)
        {
            throw new RuntimeError(expr.Span, $"expected a condition, got the number {v}");
        }
        return v.Bool;
    }

    private Value Name(NameExpr name)
    {
        if (_session.Names.TryGetValue(name.Name, out var value))
        {
            return value;
        }
        if (_session.FindProcess(name.Name) is not null)
        {
            throw new RuntimeError(name.Span, $"'{name.Name}' is a process, not a value");
        }
        throw new RuntimeError(name.Span, $"unknown name '{name.Name}'");
    }

    private Value Unary(UnaryExpr u)
    {
        if (u.Op == UnaryOp.Not)
        {
            return Value.Of(!Condition(u.Operand));
        }
        var v = Eval(u.Operand);
        RequireNumber(v, u.Operand.Span);
        return Value.Of(unchecked(-v.Number), v.Hex);
    }

    private Value Binary(BinaryExpr b)
    {
        switch (b.Op)
        {
            case BinaryOp.And:
                return Value.Of(Condition(b.Left) && Condition(b.Right));
            case BinaryOp.Or:
                return Value.Of(Condition(b.Left) || Condition(b.Right));
        }
        var left = Eval(b.Left);
        var right = Eval(b.Right);
        if (b.Op is BinaryOp.Equal or BinaryOp.NotEqual && left.IsBool && right.IsBool)
        {
            return Value.Of((left.Bool == right.Bool) == (b.Op == BinaryOp.Equal));
        }
        RequireNumber(left, b.Left.Span);
        RequireNumber(right, b.Right.Span);
        var hex = left.Hex || right.Hex;
        return b.Op switch
        {
            BinaryOp.Add => Value.Of(unchecked(left.Number + right.Number), hex),
            BinaryOp.Subtract => Value.Of(unchecked(left.Number - right.Number), hex),
            BinaryOp.Multiply => Value.Of(unchecked(left.Number * right.Number), hex),
            BinaryOp.Equal => Value.Of(left.Number == right.Number),
            BinaryOp.NotEqual => Value.Of(left.Number != right.Number),
            BinaryOp.Less => Value.Of(left.Number < right.Number),
            BinaryOp.LessOrEqual => Value.Of(left.Number <= right.Number),
            BinaryOp.Greater => Value.Of(left.Number > right.Number),
            BinaryOp.GreaterOrEqual => Value.Of(left.Number >= right.Number),
            _ => throw new RuntimeError(b.Span, "unsupported operator"),
        };
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
