using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
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
            _session.Errors++;
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
            FlushEvents();
            Out.WriteLine(AtCaller(error.ToDiagnostic(), caller).Format());
            _session.Errors++;
            return false;
        }
    }

    /// <summary>An error in commands a snippet runs, shown at the snippet line that ran them.</summary>
    private static Diagnostic AtCaller(Diagnostic d, Span? caller) =>
        caller is { } at ? d with { Span = at, Message = $"{d.Message} (in the commands Run gave, at {d.Span})" } : d;
}
