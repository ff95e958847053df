using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

internal sealed partial class Interpreter
{
    /// <summary>Loops with more iterations than this summarise their accesses instead of printing each.</summary>
    public const int LoopPrintLimit = 64;

    private int _depth;

    /// <summary>Accesses of a range command or a long loop, counted instead of printed.</summary>
    private IAccessSummary? _summary;

    private void For(ForCommand c)
    {
        var from = _eval.Number(c.From, "a number");
        var to = _eval.Number(c.To, "a number");
        var name = c.Variable.Name;
        if (_binder.Find(name) is not null)
        {
            throw new RuntimeError(c.Variable.Span, $"'{name}' already names a process");
        }
        CheckNotMapping(c.Variable);
        var names = State.Names;
        var had = names.TryGetValue(name, out var previous);
        var summarise = _summary is null && to - from > LoopPrintLimit;
        if (summarise)
        {
            _summary = _target.BeginSummary(process: null);
        }
        try
        {
            for (var i = from; i < to; i++)
            {
                State.Names[name] = Value.Of(i);
                RunInner(c.Body);
            }
        }
        finally
        {
            if (had)
            {
                State.Names[name] = previous;
            }
            else
            {
                State.Names.Remove(name);
            }
            if (summarise)
            {
                var summary = _summary!;
                _summary = null;
                if (summary.Accesses > 0)
                {
                    Out.WriteLine($"for {name} in {from}..{to}: {summary.Accesses} accesses, {summary.Describe()}");
                }
            }
        }
    }

    private void Include(IncludeCommand c)
    {
        var source = c.Span.Source;
        var baseDir = source.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(source.Path)) ?? Directory.GetCurrentDirectory();
        var display = Path.Combine(Path.GetDirectoryName(source.Path) ?? string.Empty, c.Path.Path);
        RunScriptFile(Path.GetFullPath(Path.Combine(baseDir, c.Path.Path)), display, c.Path.Span, "include");
    }

    private void RunScriptFile(string path, string display, Span span, string verb)
    {
        if (_depth > 32)
        {
            throw new RuntimeError(span, $"{verb}: nested too deeply (an include cycle?)");
        }
        if (!ScriptFile.TryRead(path, out var text, out var why))
        {
            throw new RuntimeError(span, $"{verb}: {why}");
        }
        var parsed = ScriptParser.Parse(new SourceText(display, text)
        {
            BaseDirectory = Path.GetDirectoryName(path),
        });
        if (!parsed.Success)
        {
            PrintSyntaxErrors(parsed);
            SyntaxErrors++;
            throw new RuntimeError(span, $"{verb}: {path} has syntax errors");
        }
        RunInner(parsed.Script.Commands);
    }

    /// <summary>
    /// Run commands on behalf of the command now running (a C# snippet's <c>Run("...")</c>): their
    /// output is printed, but they take no history or undo entry of their own, since the snippet's
    /// command is the one the session records. The first error is printed and counted, stops the
    /// rest, and makes the result false.
    /// </summary>
    public bool RunNested(SourceText source, Span? caller = null)
    {
        var parsed = ScriptParser.Parse(source);
        if (!parsed.Success)
        {
            foreach (var d in parsed.Diagnostics)
            {
                Out.WriteLine(AtCaller(d, caller).Format());
            }
            State.Errors++;
            return false;
        }
        try
        {
            if (parsed.Script.Commands.FirstOrDefault(c => c is UndoCommand) is { } undo)
            {
                throw new RuntimeError(undo.Span, "undo cannot run inside a command (it would undo the snippet itself)");
            }
            RunInner(parsed.Script.Commands);
            return true;
        }
        catch (RuntimeError error)
        {
            Out.WriteLine(AtCaller(error.ToDiagnostic(), caller).Format());
            State.Errors++;
            return false;
        }
    }

    /// <summary>An error in commands a snippet runs, shown at the snippet line that ran them.</summary>
    private static Diagnostic AtCaller(Diagnostic d, Span? caller) =>
        caller is { } at ? d with { Span = at, Message = $"{d.Message} (in the commands Run gave, at {d.Span})" } : d;
}
