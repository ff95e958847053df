using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    /// <summary>Loops with more iterations than this summarise their accesses instead of printing each.</summary>
    public const int LoopPrintLimit = 64;

    private int _depth;

    /// <summary>Run commands inside a block: errors propagate to the enclosing command.</summary>
    private void RunInner(IEnumerable<Command> commands)
    {
        _depth++;
        try
        {
            foreach (var command in commands)
            {
                _session.Cancellation.ThrowIfCancellationRequested();
                FlushEvents();
                M.Events = _events;
                Dispatch(command);
                FlushEvents();
                if (_summary is null)
                {
                    Host.AfterInnerCommand(this, command);
                }
            }
        }
        finally
        {
            _depth--;
        }
    }

    private void For(ForCommand c)
    {
        var from = _eval.Number(c.From, "a number");
        var to = _eval.Number(c.To, "a number");
        var name = c.Variable.Name;
        if (_session.FindProcess(name) is not null)
        {
            throw new RuntimeError(c.Variable.Span, $"'{name}' already names a process");
        }
        var had = _session.Names.TryGetValue(name, out var previous);
        var summarise = _summary is null && to - from > LoopPrintLimit;
        if (summarise)
        {
            _summary = new AccessSummary();
        }
        try
        {
            for (var i = from; i < to; i++)
            {
                _session.Names[name] = Value.Of(i);
                RunInner(c.Body);
            }
        }
        finally
        {
            if (had)
            {
                _session.Names[name] = previous;
            }
            else
            {
                _session.Names.Remove(name);
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

    private void RunFile(RunCommand c) => RunScriptFile(Path.GetFullPath(c.Path.Path), c.Path.Path, c.Path.Span, "run");

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
            foreach (var d in parsed.Diagnostics)
            {
                Out.WriteLine(d.Format());
            }
            SyntaxErrors++;
            throw new RuntimeError(span, $"{verb}: {path} has syntax errors");
        }
        RunInner(parsed.Script.Commands);
    }
}
