using MmDsl.Language.Syntax;
using MmDsl.Engine.Checks;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    private void Print(PrintCommand c)
    {
        if (c.CSharp)
        {
            Out.WriteLine(CSharpEquivalent.ForPrint(c, _session));
            return;
        }
        var (value, parts) = _eval.Recorded(() => _eval.Eval(c.Value));
        var text = c.Value.Span.Text.Trim();
        Out.WriteLine($"{text} = {value}");
        _session.Observations.Add(Observation.Of("print " + text, value) with { Parts = parts });
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
        var ((outcome, detail), parts) = _eval.Recorded(() => _eval.Expectation(c.Condition));
        var passed = outcome.Bool;
        _session.Observations.Add(new Observation("expect " + text, passed ? "pass" : "fail", passed)
        {
            Parts = parts,
            MachineSpecific = outcome.MachineSpecific,
        });
        if (passed)
        {
            return;
        }
        _session.FailedExpectations++;
        Out.WriteLine($"{c.Span.Source.Path}:{c.Span.Line}: expect failed: {text}{(detail is null ? string.Empty : $" ({detail})")}");
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
