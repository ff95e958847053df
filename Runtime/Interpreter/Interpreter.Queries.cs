using MmDsl.Language.Syntax;
using MmDsl.Runtime.Engine.Checks;

namespace MmDsl.Runtime.Interpreter;

public sealed partial class Interpreter
{
    private void Print(PrintCommand c)
    {
        if (c.CSharp)
        {
            Out.WriteLine(CSharpEquivalent.ForPrint(c, _session));
            return;
        }
        var value = _eval.Eval(c.Value);
        var text = c.Value.Span.Text.Trim();
        Out.WriteLine($"{text} = {value}");
        _session.Observations.Add(new Observation("print " + text, value.ToString(), null));
    }

    private void Let(LetCommand c)
    {
        if (_session.FindProcess(c.Name.Name) is not null)
        {
            throw new RuntimeError(c.Name.Span, $"'{c.Name.Name}' already names a process");
        }
        var value = _eval.Eval(c.Value);
        _session.Names[c.Name.Name] = value;
        _session.MappingNames.Remove(c.Name.Name);
        Out.WriteLine($"{c.Name.Name} = {value}");
    }

    private void Expect(ExpectCommand c)
    {
        var text = c.Condition.Span.Text.Trim();
        string? detail = null;
        bool passed;
        if (c.Condition is BinaryExpr { Op: >= BinaryOp.Equal and <= BinaryOp.GreaterOrEqual } cmp)
        {
            var left = _eval.Eval(cmp.Left);
            var right = _eval.Eval(cmp.Right);
            passed = Compare(cmp, left, right);
            detail = $"left {left}, right {right}";
        }
        else
        {
            passed = _eval.Condition(c.Condition);
        }
        _session.Observations.Add(new Observation("expect " + text, passed ? "pass" : "fail", passed));
        if (passed)
        {
            return;
        }
        _session.FailedExpectations++;
        Out.WriteLine($"{c.Span.Source.Path}:{c.Span.Line}: expect failed: {text}{(detail is null ? string.Empty : $" ({detail})")}");
    }

    private static bool Compare(BinaryExpr cmp, Value left, Value right)
    {
        if (left.IsBool || right.IsBool)
        {
            return cmp.Op switch
            {
                BinaryOp.Equal => left.Bool == right.Bool && left.IsBool == right.IsBool,
                BinaryOp.NotEqual => !(left.Bool == right.Bool && left.IsBool == right.IsBool),
                _ => throw new RuntimeError(cmp.Span, "only == and != compare conditions"),
            };
        }
        return cmp.Op switch
        {
            BinaryOp.Equal => left.Number == right.Number,
            BinaryOp.NotEqual => left.Number != right.Number,
            BinaryOp.Less => left.Number < right.Number,
            BinaryOp.LessOrEqual => left.Number <= right.Number,
            BinaryOp.Greater => left.Number > right.Number,
            _ => left.Number >= right.Number,
        };
    }

    private void Check(CheckCommand c)
    {
        var problems = InvariantChecker.Check(M);
        if (problems.Count == 0)
        {
            Out.WriteLine("check: ok");
            return;
        }
        _session.FailedExpectations++;
        Out.WriteLine($"{c.Span.Source.Path}:{c.Span.Line}: check failed: {problems.Count} invariant violation(s)");
        foreach (var problem in problems)
        {
            Out.WriteLine("  " + problem);
        }
    }
}
