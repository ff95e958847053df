using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Interpreter;

namespace MmDsl.Runtime.Host.Scripts;

/// <summary>
/// The names of a host run: processes (each an agent), mapping names and variables, the current
/// process. Binds operands as the simulator's binder does: a first operand that names a process is
/// the process; otherwise the command acts on the current process.
/// </summary>
internal sealed class HostBinder
{
    private readonly Dictionary<string, HostProcess> processes = new(StringComparer.Ordinal);

    /// <summary>Mapping names and variables (loop variables, <c>let</c>).</summary>
    public Dictionary<string, Value> Names { get; } = new(StringComparer.Ordinal);

    public string? Current { get; set; }

    /// <summary>Live processes, in the order they were created.</summary>
    public IReadOnlyCollection<HostProcess> Processes => processes.Values;

    public HostProcess? Find(string name) => processes.GetValueOrDefault(name);

    public void Add(HostProcess process) => processes[process.Name] = process;

    public void Remove(HostProcess process) => processes.Remove(process.Name);

    /// <summary><c>reset</c>: no process, no name.</summary>
    public void Clear()
    {
        processes.Clear();
        Names.Clear();
        Current = null;
    }

    /// <summary>Split <c>[P] A [B ...]</c> into the process and the remaining operands.</summary>
    public (HostProcess Process, ImmutableArray<Expr> Operands) Target(Operands args, string synopsis, int min, int max)
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

    /// <summary>An optional process operand on its own (<c>show maps [P]</c>).</summary>
    public HostProcess? OptionalProcess(Operands args, string synopsis)
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

    public HostProcess Process(Ident name) =>
        Find(name.Name) ?? throw new RuntimeError(name.Span, processes.Count == 0
            ? $"unknown process '{name.Name}' (no process exists yet)"
            : $"unknown process '{name.Name}' (processes: {string.Join(", ", processes.Keys)})");

    public HostProcess CurrentProcess(Span span)
    {
        if (Current is { } current && Find(current) is { } process)
        {
            return process;
        }
        throw new RuntimeError(span, Current is null
            ? "no current process: create one with 'proc NAME'"
            : $"the current process '{Current}' has exited: pick another with 'use NAME'");
    }

    private static void CheckCount(int count, int min, int max, string synopsis, Span span)
    {
        if (count < min || count > max)
        {
            throw new RuntimeError(span, count < min ? $"missing operand: {synopsis}" : $"too many operands: {synopsis}");
        }
    }
}
