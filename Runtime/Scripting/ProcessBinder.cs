using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// How operands name processes, on every backend: a first operand that names a process is the
/// process; otherwise the command acts on the current process. The counts and the synopsis quoted
/// in errors come from the operands' form, as the parser checked it.
/// </summary>
internal sealed class ProcessBinder(IKernelTarget target)
{
    private IScriptState State => target.State;

    /// <summary>The live process called NAME, or null.</summary>
    public string? Find(string name) => target.HasProcess(name) ? name : null;

    /// <summary>Split <c>[P] A [B ...]</c> into the process and the remaining operands.</summary>
    public (string Process, ImmutableArray<Expr> Operands) Target(Operands args)
    {
        var shape = args.Shape;
        if (args.Count > 0 && args[0] is NameExpr name && Find(name.Name) is { } named)
        {
            var rest = args.Items.RemoveAt(0);
            CheckCount(rest.Length, shape, args.Span);
            return (named, rest);
        }
        if (args.Count > shape.Max && args[0] is NameExpr unknown)
        {
            // The most operands the form takes, and the first is no process: either a process name
            // was mistyped, or there is an operand too many after a mapping or a value.
            if (State.Names.ContainsKey(unknown.Name))
            {
                var what = State.MappingNames.Contains(unknown.Name) ? "a mapping" : "a value";
                throw new RuntimeError(args[shape.Max].Span,
                    $"too many operands: {shape.Synopsis} ('{unknown.Name}' is {what}, not a process)");
            }
            throw new RuntimeError(unknown.Span, UnknownProcess(unknown.Name));
        }
        CheckCount(args.Count, shape, args.Span);
        return (CurrentProcess(args.Span), args.Items);
    }

    /// <summary>An optional process operand on its own (<c>show maps [P]</c>): null means all or current, as the caller decides.</summary>
    public string? OptionalProcess(Operands args)
    {
        if (args.Count == 0)
        {
            return null;
        }
        if (args.Count > 1 || args[0] is not NameExpr name)
        {
            throw new RuntimeError(args.Span, $"expected a process: {args.Shape.Synopsis}");
        }
        return Process(new Ident(name.Name, name.Span));
    }

    public string Process(Ident name) =>
        Find(name.Name) ?? throw new RuntimeError(name.Span, UnknownProcess(name.Name));

    public string CurrentProcess(Span span)
    {
        if (State.Current is { } current && Find(current) is { } process)
        {
            return process;
        }
        throw new RuntimeError(span, State.Current is null
            ? "no current process: create one with 'proc NAME'"
            : $"the current process '{State.Current}' has exited: pick another with 'use NAME'");
    }

    private string UnknownProcess(string name)
    {
        var known = target.ProcessNames;
        return known.Count == 0
            ? $"unknown process '{name}' (no process exists yet)"
            : $"unknown process '{name}' (processes: {string.Join(", ", known)})";
    }

    private static void CheckCount(int count, OperandShape shape, Span span)
    {
        if (count < shape.Min || count > shape.Max)
        {
            throw new RuntimeError(span, count < shape.Min ? $"missing operand: {shape.Synopsis}" : $"too many operands: {shape.Synopsis}");
        }
    }
}
