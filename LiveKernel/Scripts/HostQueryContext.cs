using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// The language's names and queries on the live kernel. What user space cannot see, or this machine
/// cannot tell now, is an unknown value whose reason starts with <c>unobservable</c> or <c>unavailable</c>.
/// </summary>
internal sealed class HostQueryContext(
    LiveSession session,
    HostBinder binder,
    FaultLedger faults,
    Func<CounterWindows> windows,
    Func<HostProcess, long, Span, ulong> read,
    Func<int, long, Span, Value> readHandle) : IExpressionContext
{
    /// <summary>Counters no kernel keeps: the simulator's own.</summary>
    private static readonly HashSet<string> SimulatorCounters = ["cow_copy", "zero_map", "unshare", "fork_copy"];

    /// <summary>Counters every process on the machine moves all the time.</summary>
    private static readonly HashSet<string> NoisyCounters = ["pgfree"];

    private HostQueries Q => session.Queries;

    public bool TryGetName(string name, out Value value) => binder.Names.TryGetValue(name, out value);

    public bool IsProcess(string name) => binder.Find(name) is not null;

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
            : (binder.CurrentProcess(call.Span), call.Args[0]);
        var address = eval.Number(addressExpr, "an address");
        if (call.Function == "value")
        {
            return Value.Of((long)read(process, address, call.Span));
        }
        var agent = process.Agent;
        var at = (ulong)address;
        return call.Function switch
        {
            "pfn" => Of(Q.Pfn(agent, at), v => Value.Of((long)v, hex: true) with { MachineSpecific = true }),
            "refcount" => Of(Q.RefCount(agent, at), v => Value.Of((long)v)),
            "mapcount" => Of(Q.MapCount(agent, at), v => Value.Of((long)v)),
            "pins" => Of(Q.Pins(agent, at), v => Value.Of((long)v)),
            "present" => Of(Q.Present(agent, at), Value.Of),
            "writable" => Of(Q.Writable(agent, at), Value.Of),
            "swapped" => Of(Q.Swapped(agent, at), Value.Of),
            "anon_exclusive" => Of(Q.AnonExclusive(agent, at), Value.Of),
            "mapped_exclusive" => Of(Q.MappedExclusive(agent, at), Value.Of),
            "pmd_mapped" => Of(Q.PmdMapped(agent, at), Value.Of),
            "thp" => Of(Q.Thp(agent, at), Value.Of),
            "order" => Of(Q.Order(agent, at), v => Value.Of(v)),
            "swapcache" => Of(Q.SwapCache(agent, at), Value.Of),
            _ => throw new RuntimeError(call.Span, $"unknown function '{call.Function}'"),
        };
    }

    private Value PerProcess(CallExpr call)
    {
        var process = call.Args.Length == 1 ? ProcessArg(call.Args[0]) : binder.CurrentProcess(call.Span);
        return call.Function switch
        {
            "rss" => Of(Q.Rss(process.Agent), v => Value.Of((long)v)),
            "swap" => Of(Q.Swap(process.Agent), v => Value.Of((long)v)),
            _ => throw new RuntimeError(call.Span, $"unknown function '{call.Function}'"),
        };
    }

    private Value Stat(CallExpr call)
    {
        if (call.Args[0] is not NameExpr name)
        {
            throw new RuntimeError(call.Args[0].Span, "expected a counter name, such as stat(pgfault)");
        }
        if (!VmEventNames.TryParse(name.Name, out _) && !MthpStatNames.TryParse(name.Name, out _, out _))
        {
            throw new RuntimeError(name.Span, $"unknown counter '{name.Name}' (counters: {string.Join(", ", VmEventNames.All)}; per THP size: anon_fault_alloc_64K, split_2M, ... as in hugepages-SIZE/stats)");
        }
        return name.Name switch
        {
            "pgfault" => Value.Of(faults.Total().Total),
            var n when SimulatorCounters.Contains(n) => Value.Unobserved(false, $"unobservable: the kernel keeps no {n} counter"),
            var n when NoisyCounters.Contains(n) => Value.Unobserved(false, $"unavailable: {n} in /proc/vmstat moves with every process on the machine"),
            var n => Of(windows().Observe(n, session), v => Value.Of(v)),
        };
    }

    private Value Handle(CallExpr call, Evaluator eval)
    {
        if (call.Args[0] is not HandleExpr handle)
        {
            throw new RuntimeError(call.Args[0].Span, "expected a handle, such as handle(#1)");
        }
        var offset = call.Args.Length == 2 ? eval.Number(call.Args[1], "an offset") : 0;
        return readHandle(handle.Number, offset, handle.Span);
    }

    private HostProcess ProcessArg(Expr expr)
    {
        if (expr is not NameExpr name)
        {
            throw new RuntimeError(expr.Span, "expected a process name");
        }
        return binder.Process(new Ident(name.Name, name.Span));
    }

    /// <summary>An observation as a value: known, or unknown with the reason.</summary>
    public static Value Of<T>(HostObservation<T> observation, Func<T, Value> value) => observation switch
    {
        HostObservation<T>.Observed o => value(o.Value),
        HostObservation<T>.Unobservable u => Value.Unobserved(typeof(T) == typeof(bool), $"unobservable: {u.Why}"),
        HostObservation<T>.Unavailable u => Value.Unobserved(typeof(T) == typeof(bool), $"unavailable: {u.Reason}"),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
