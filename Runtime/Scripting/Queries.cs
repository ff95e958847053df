using System.Collections.Immutable;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Scripting;

/// <summary>The query functions of expressions (<c>refcount(A, buf)</c> and friends).</summary>
internal sealed class Queries
{
    private readonly Session _session;
    private readonly Binder _binder;
    private readonly Func<Process, long, Language.Text.Span, ulong> _read;
    private readonly Func<int, long, Language.Text.Span, ulong> _readHandle;

    public Queries(
        Session session,
        Binder binder,
        Func<Process, long, Language.Text.Span, ulong> read,
        Func<int, long, Language.Text.Span, ulong> readHandle)
    {
        _session = session;
        _binder = binder;
        _read = read;
        _readHandle = readHandle;
    }

    private Machine M => _session.Machine;

    public Value Call(CallExpr call, Evaluator eval)
    {
        var info = QueryTable.Find(call.Function) ?? throw new RuntimeError(call.Span, $"unknown function '{call.Function}'");
        return info.Args switch
        {
            QueryArgs.ProcessAddress => PerAddress(call, eval),
            QueryArgs.Process => PerProcess(call),
            QueryArgs.Counter => Stat(call),
            _ => Handle(call, eval),
        };
    }

    private Value PerAddress(CallExpr call, Evaluator eval)
    {
        var (process, addressExpr) = call.Args.Length == 2
            ? (ProcessArg(call.Args[0]), call.Args[1])
            : (_binder.CurrentProcess(call.Span), call.Args[0]);
        var address = eval.Number(addressExpr, "an address");
        if (call.Function == "value")
        {
            return Value.Of((long)_read(process, address, call.Span));
        }
        var info = M.Lookup(process, address);
        var head = info.Pfn != 0 ? M.Memory.Head(info.Pfn) : 0;
        var normal = info.Present && !info.Zero;
        return call.Function switch
        {
            "pfn" => Value.Of(info.Pfn, hex: true) with { MachineSpecific = true },
            "refcount" => Value.Of(normal ? M.Memory.RefCount(head) : 0),
            "mapcount" => Value.Of(normal ? M.PageMapCount(info.Pfn) : 0),
            "pins" => Value.Of(normal ? M.FolioPins(head) : 0),
            "present" => Value.Of(info.Present),
            "writable" => Value.Of(info.Writable),
            "swapped" => Value.Of(info.Swapped),
            "anon_exclusive" => Value.Of(normal && M.IsAnonExclusive(info.Level == MappingLevel.Pmd ? head : info.Pfn)),
            "mapped_exclusive" => Value.Of(M.MappedExclusive(process, address)),
            "pmd_mapped" => Value.Of(info.Level == MappingLevel.Pmd),
            "thp" => Value.Of(info.Present && M.IsLarge(head)),
            "order" => Value.Of(info.Present ? M.FolioOrder(head) : 0),
            "swapcache" => Value.Of(normal && M.InSwapCache(head)),
            _ => throw new RuntimeError(call.Span, $"unknown function '{call.Function}'"),
        };
    }

    private Value PerProcess(CallExpr call)
    {
        var process = call.Args.Length == 1 ? ProcessArg(call.Args[0]) : _binder.CurrentProcess(call.Span);
        var mm = process.Mm;
        return call.Function switch
        {
            "rss" => Value.Of((mm.AnonPages + mm.ShmemPages) * PageTable.PageSize),
            "swap" => Value.Of(mm.SwapEntries * PageTable.PageSize),
            _ => throw new RuntimeError(call.Span, $"unknown function '{call.Function}'"),
        };
    }

    private Value Stat(CallExpr call)
    {
        if (call.Args[0] is not NameExpr name)
        {
            throw new RuntimeError(call.Args[0].Span, "expected a counter name, such as stat(pgfault)");
        }
        if (!M.TryGetCounter(name.Name, out var value, out var problem))
        {
            throw new RuntimeError(name.Span, problem!);
        }
        return Value.Of(value);
    }

    private Value Handle(CallExpr call, Evaluator eval)
    {
        if (call.Args[0] is not HandleExpr handle)
        {
            throw new RuntimeError(call.Args[0].Span, "expected a handle, such as handle(#1)");
        }
        var offset = call.Args.Length == 2 ? eval.Number(call.Args[1], "an offset") : 0;
        return Value.Of((long)_readHandle(handle.Number, offset, handle.Span));
    }

    private Process ProcessArg(Expr expr)
    {
        if (expr is not NameExpr name)
        {
            throw new RuntimeError(expr.Span, "expected a process name");
        }
        return _binder.Process(new Ident(name.Name, name.Span));
    }
}
