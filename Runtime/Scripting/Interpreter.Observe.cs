using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Scripting;

internal sealed partial class Interpreter
{
    private void Print(PrintCommand c)
    {
        if (c.CSharp)
        {
            _target.PrintCSharp(c);
            return;
        }
        var (value, parts) = _eval.Recorded(() => _eval.Eval(c.Value));
        var text = c.Value.Span.Text.Trim();
        Out.WriteLine(value.Unknown is { } why ? $"{text}: {why}" : $"{text} = {value}");
        Record(Observation.Of(RowKeys.Print(text), value) with { Parts = parts });
    }

    private void Let(LetCommand c)
    {
        if (_binder.Find(c.Name.Name) is not null)
        {
            throw new RuntimeError(c.Name.Span, $"'{c.Name.Name}' already names a process");
        }
        CheckNotMapping(c.Name);
        var value = _eval.Eval(c.Value);
        State.Names[c.Name.Name] = value;
        Out.WriteLine(value.Unknown is { } why ? $"{c.Name.Name}: {why}" : $"{c.Name.Name} = {value}");
    }

    /// <summary>
    /// An <c>expect</c>: passed, failed, or skipped when it needs what the backend cannot observe.
    /// After a command the backend could not do, a failure is reported but not counted: it may be
    /// that command's.
    /// </summary>
    private void Expect(ExpectCommand c)
    {
        var text = c.Condition.Span.Text.Trim();
        var ((outcome, detail), parts) = _eval.Recorded(() => _eval.Expectation(c.Condition));
        var where = $"{c.Span.Source.Path}:{c.Span.Line}";
        if (outcome.Unknown is { } why)
        {
            Out.WriteLine($"{where}: expect skipped: {text} ({why})");
            Record(new Observation(RowKeys.Expect(text), "skipped", null) { Parts = parts, Skipped = why });
            return;
        }
        Judge(c.Span, c.FailsOn, RowKeys.Expect(text), text, outcome.Bool, detail, parts, outcome.MachineSpecific);
    }

    /// <summary>
    /// Records and prints the outcome of an expectation. With <c>fails on</c> naming the target's
    /// kernel, a failure is expected (<c>xfail</c>, not counted) and a pass is the surprise
    /// (<c>xpass</c>, counted as a failure).
    /// </summary>
    internal void Judge(Language.Text.Span span, StatedFailure? failsOn, string key, string text, bool passed, string? detail,
        IReadOnlyList<Observation> parts, bool machineSpecific = false)
    {
        var stated = StatedFailures.Covers(failsOn, _target.Version);
        var result = (passed, stated) switch
        {
            (true, false) => "pass",
            (false, false) => "fail",
            (false, true) => "xfail",
            (true, true) => "xpass",
        };
        Record(new Observation(key, result, passed) { Parts = parts, MachineSpecific = machineSpecific });
        var where = $"{span.Source.Path}:{span.Line}";
        if (passed && !stated)
        {
            return;
        }
        var because = detail is null ? string.Empty : $" ({detail})";
        if (State.Diverged is { } after)
        {
            Out.WriteLine($"{where}: expect {(passed ? "passed" : "failed")}, not counted: {text} ({detail ?? (passed ? "true" : "false")}; {after})");
            return;
        }
        if (stated && !passed)
        {
            Out.WriteLine($"{where}: expect failed as stated (fails on {failsOn!.Text}): {text}{because}");
            return;
        }
        State.FailedExpectations++;
        Out.WriteLine(stated
            ? $"{where}: expect passed, but it is stated to fail on {failsOn!.Text}: {text}"
            : $"{where}: expect failed: {text}{because}");
    }

    /// <summary>Keeps a row; after a command the backend could not do, the row and its parts are not comparable.</summary>
    private void Record(Observation row)
    {
        if (State.Diverged is not { } why)
        {
            State.Observations.Add(row);
            return;
        }
        var note = $"not compared: {why}";
        State.Observations.Add(row with
        {
            Skipped = row.Skipped ?? note,
            Parts = [.. row.Parts.Select(p => p with { Skipped = p.Skipped ?? note })],
        });
    }

    /// <summary>
    /// A command the backend cannot do: printed and counted as skipped. When it changes memory,
    /// later observations are not compared. An <c>expect { C# }</c> keeps its row, as skipped.
    /// </summary>
    private void NotSupported(Command command, string why, bool changesMemory)
    {
        State.Skipped++;
        var note = $"not on {_target.Where}: {why}";
        if (command is CSharpExpectCommand expect)
        {
            Out.WriteLine($"{expect.Span.Source.Path}:{expect.Span.Line}: expect skipped: {RowKeys.CSharpText(expect)} ({note})");
            Record(new Observation(RowKeys.Expect(expect), "skipped", null) { Skipped = note });
            return;
        }
        var line = OutcomeLog.Key(command.Span.Text);
        Out.WriteLine($"{line}: {note}");
        if (changesMemory)
        {
            Diverge($"'{line}' is not on {_target.Where}: {why}");
        }
    }

    /// <summary>From here to the next <c>reset</c> the backend's memory is not what the simulator's is.</summary>
    internal void Diverge(string why) => State.Diverged ??= why;
}
