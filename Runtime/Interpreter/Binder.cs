using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Engine.Mm;

namespace MmDsl.Runtime.Interpreter;

/// <summary>
/// The meaning pass the parser leaves to run time: which names are processes. A first operand
/// that names a process is the process; otherwise the command acts on the current process.
/// </summary>
internal sealed class Binder
{
    private readonly Session _session;

    public Binder(Session session)
    {
        _session = session;
    }

    /// <summary>Split <c>[P] A [B ...]</c> into the process and the remaining operands.</summary>
    public (Process Process, ImmutableArray<Expr> Operands) Target(Operands args, string synopsis, int min, int max)
    {
        if (args.Count > 0 && args[0] is NameExpr name && _session.FindProcess(name.Name) is { } named)
        {
            var rest = args.Items.RemoveAt(0);
            CheckCount(rest.Length, min, max, synopsis, args.Span);
            return (named, rest);
        }
        if (args.Count > max && args[0] is NameExpr unknown)
        {
            throw new RuntimeError(unknown.Span, $"unknown process '{unknown.Name}'");
        }
        CheckCount(args.Count, min, max, synopsis, args.Span);
        return (CurrentProcess(args.Span), args.Items);
    }

    /// <summary>An optional process operand on its own (<c>show maps [P]</c>): null means all or current, as the caller decides.</summary>
    public Process? OptionalProcess(Operands args, string synopsis)
    {
        if (args.Count == 0)
        {
            return null;
        }
        if (args.Count > 1 || args[0] is not NameExpr name)
        {
            throw new RuntimeError(args.Span, $"expected a process: {synopsis}");
        }
        return Process(new Ident(name.Name, name.Span));
    }

    public Process Process(Ident name) =>
        _session.FindProcess(name.Name) ?? throw new RuntimeError(name.Span, UnknownProcess(name.Name));

    public Process CurrentProcess(Span span)
    {
        if (_session.Current is { } current && _session.FindProcess(current) is { } process)
        {
            return process;
        }
        throw new RuntimeError(span, _session.Current is null
            ? "no current process: create one with 'proc NAME'"
            : $"the current process '{_session.Current}' has exited: pick another with 'use NAME'");
    }

    private string UnknownProcess(string name)
    {
        var known = _session.Processes.Select(p => p.Name).ToList();
        return known.Count == 0
            ? $"unknown process '{name}' (no process exists yet)"
            : $"unknown process '{name}' (processes: {string.Join(", ", known)})";
    }

    private static void CheckCount(int count, int min, int max, string synopsis, Span span)
    {
        if (count < min || count > max)
        {
            throw new RuntimeError(span, count < min ? $"missing operand: {synopsis}" : $"too many operands: {synopsis}");
        }
    }
}
