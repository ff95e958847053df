using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// How operands name processes, shared by the simulator's binder and the host's: a first operand
/// that names a process is the process; otherwise the command acts on the current process.
/// </summary>
internal abstract class ProcessBinder<TProcess>
    where TProcess : class
{
    /// <summary>The live process called NAME, or null.</summary>
    public abstract TProcess? Find(string name);

    /// <summary>The name of the current process (<c>use NAME</c>), or null before the first <c>proc</c>.</summary>
    protected abstract string? CurrentName { get; }

    /// <summary>The names of the live processes, in the order they were created.</summary>
    protected abstract IEnumerable<string> ProcessNames { get; }

    /// <summary>Split <c>[P] A [B ...]</c> into the process and the remaining operands.</summary>
    public (TProcess Process, ImmutableArray<Expr> Operands) Target(Operands args, string synopsis, int min, int max)
    {
        if (args.Count > 0 && args[0] is NameExpr name && Find(name.Name) is { } named)
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
    public TProcess? OptionalProcess(Operands args, string synopsis)
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

    public TProcess Process(Ident name) =>
        Find(name.Name) ?? throw new RuntimeError(name.Span, UnknownProcess(name.Name));

    public TProcess CurrentProcess(Span span)
    {
        if (CurrentName is { } current && Find(current) is { } process)
        {
            return process;
        }
        throw new RuntimeError(span, CurrentName is null
            ? "no current process: create one with 'proc NAME'"
            : $"the current process '{CurrentName}' has exited: pick another with 'use NAME'");
    }

    private string UnknownProcess(string name)
    {
        var known = ProcessNames.ToList();
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
