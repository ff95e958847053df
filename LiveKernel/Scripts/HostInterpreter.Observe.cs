using System.Text.RegularExpressions;
using MmDsl.Language.Syntax;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

public sealed partial class HostInterpreter
{
    private void Print(PrintCommand c)
    {
        if (c.CSharp)
        {
            NotOnHost(c, "--csharp shows the simulator's C#", diverges: false);
            return;
        }
        var (value, parts) = _eval.Recorded(() => _eval.Eval(c.Value));
        var text = c.Value.Span.Text.Trim();
        Out.WriteLine(value.Unknown is { } why ? $"{text}: {why}" : $"{text} = {value}");
        Record(Observation.Of("print " + text, value) with { Parts = parts });
    }

    private void Let(LetCommand c)
    {
        if (_binder.Find(c.Name.Name) is not null)
        {
            throw new RuntimeError(c.Name.Span, $"'{c.Name.Name}' already names a process");
        }
        var value = _eval.Eval(c.Value);
        _binder.Names[c.Name.Name] = value;
        Out.WriteLine(value.Unknown is { } why ? $"{c.Name.Name}: {why}" : $"{c.Name.Name} = {value}");
    }

    /// <summary>
    /// An <c>expect</c>: passed, failed, or skipped when it needs what the host cannot observe. After
    /// a command the host could not do, a failure is reported but not counted: it may be that command's.
    /// </summary>
    private void Expect(ExpectCommand c)
    {
        var text = c.Condition.Span.Text.Trim();
        var ((outcome, detail), parts) = _eval.Recorded(() => _eval.Expectation(c.Condition));
        var where = $"{c.Span.Source.Path}:{c.Span.Line}";
        if (outcome.Unknown is { } why)
        {
            Out.WriteLine($"{where}: expect skipped: {text} ({why})");
            Record(new Observation("expect " + text, "skipped", null) { Parts = parts, Skipped = why });
            return;
        }
        var passed = outcome.Bool;
        Record(new Observation("expect " + text, passed ? "pass" : "fail", passed) { Parts = parts, MachineSpecific = outcome.MachineSpecific });
        if (passed)
        {
            return;
        }
        if (_diverged is { } after)
        {
            Out.WriteLine($"{where}: expect failed, not counted: {text} ({detail ?? "false"}; {after})");
            return;
        }
        FailedExpectations++;
        Out.WriteLine($"{where}: expect failed: {text}{(detail is null ? string.Empty : $" ({detail})")}");
    }

    /// <summary><c>expect { C# }</c>: skipped, with the row the simulator records for it.</summary>
    private void CSharpExpect(CSharpExpectCommand c)
    {
        var text = "{ " + Regex.Replace(c.Code.Trim(), @"\s+", " ") + " }";
        const string why = "not on the host: C# snippets run against the simulator's engine";
        Out.WriteLine($"{c.Span.Source.Path}:{c.Span.Line}: expect skipped: {text} ({why})");
        Skipped++;
        Record(new Observation("expect " + text, "skipped", null) { Skipped = why });
    }

    /// <summary>Keeps a row; after a command the host could not do, the row and its parts are not comparable.</summary>
    private void Record(Observation row)
    {
        if (_diverged is not { } why)
        {
            Observations.Add(row);
            return;
        }
        var note = $"not compared: {why}";
        Observations.Add(row with
        {
            Skipped = row.Skipped ?? note,
            Parts = [.. row.Parts.Select(p => p with { Skipped = p.Skipped ?? note })],
        });
    }
}
