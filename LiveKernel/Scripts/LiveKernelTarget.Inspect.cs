using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

internal sealed partial class LiveKernelTarget
{
    /// <summary>Counters no kernel keeps: the simulator's own.</summary>
    private static readonly HashSet<string> SimulatorCounters = ["cow_copy", "zero_map", "unshare", "fork_copy"];

    /// <summary>Counters every process on the machine moves all the time.</summary>
    private static readonly HashSet<string> NoisyCounters = ["pgfree"];

    private HostQueries Q => _host.Queries;

    public void Trace(bool on) => throw AsTableSays("trace");

    public void Full(bool on) => throw AsTableSays("full");

    public void Check(CheckCommand command) => throw AsTableSays("check");

    public void PrintCSharp(Command command) => throw NotOnHost("--csharp shows the simulator's C#", false);

    public void Compare(Script script) => throw AsTableSays("compare");

    public void Reclaim() => throw AsTableSays("reclaim");

    public void Migrate(string process, long address, long size) => throw AsTableSays("migrate");

    public void Khugepaged() => throw AsTableSays("khugepaged");

    /// <summary>
    /// drain: lru_add_drain() on the CPU of every live process of the script (MADV_COLD on a page of
    /// each agent's own begins with it). Every page a script's process added waits in the batch of
    /// its process's CPU, so this empties what lru_add_drain_all would of the script's pages.
    /// </summary>
    public void Drain()
    {
        var agents = _host.Agents.Where(a => !a.HasExited).ToList();
        foreach (var agent in agents)
        {
            if (agent.Drain().ErrorOrNull is { } error)
            {
                throw NotOnHost($"drain: {error}", true);
            }
        }
        Out.WriteLine($"drain: lru_add_drain on the CPU of each of {agents.Count} process(es) (MADV_COLD)");
    }

    /// <summary>What the command table says of a command the live kernel cannot do (the interpreter asks it before calling).</summary>
    private static UnsupportedException AsTableSays(string command) =>
        CommandFacts.Find(command) is { NotOnLiveKernel: { } why } facts
            ? NotOnHost(why, facts.ChangesMemory)
            : throw new InvalidOperationException($"the command table has the live kernel do '{command}'");

    public void Show(ShowRequest request)
    {
        IEnumerable<string> lines = request.Kind switch
        {
            ShowKind.Maps => PerProcess(request, HostShow.Maps),
            ShowKind.Procs => HostShow.Procs(_processes.Values, _state.Current),
            ShowKind.Ptes => PerProcess(request, p => HostShow.Ptes(p, request.Start,
                request.End == ShowRequest.Whole ? (long)HostAgentOptions.ScriptSpan : request.End, _host.Queries)),
            ShowKind.Stats => Stats(),
            ShowKind.Pins => _handles.Count == 0 ? ["no handles"] : _handles.Values.OrderBy(h => h.Id).Select(Describe).ToList(),
            _ => throw NotOnHost("user space sees no refcounts, pins or swap-cache entries of other processes' pages", false),
        };
        foreach (var line in lines)
        {
            Out.WriteLine(line);
        }
    }

    /// <summary>The lines of the process a request names, or of every process.</summary>
    private IEnumerable<string> PerProcess(ShowRequest request, Func<HostProcess, IEnumerable<string>> lines)
    {
        IReadOnlyCollection<HostProcess> processes = request.Process is { } name ? [P(name)] : _processes.Values;
        return processes.Count == 0 ? ["no processes"] : processes.SelectMany(lines).ToList();
    }

    /// <summary><c>show stats</c>: the counters the host can give, as <c>stat(NAME)</c> gives them.</summary>
    private IEnumerable<string> Stats()
    {
        var table = new TextTable("counter", "value");
        foreach (var name in VmEventNames.All)
        {
            var value = name == "pgfault" ? Value.Of(_faults.Total().Total) : Of(_windows.Observe(name, _host), v => Value.Of(v));
            if (name is "cow_copy" or "zero_map" or "unshare" or "fork_copy" or "pgfree")
            {
                continue;
            }
            table.Add(name, value.Unknown ?? value.ToString());
        }
        return table.Lines();
    }

    private static string Describe(HostHandle handle) => handle switch
    {
        PinHandle p => $"#{p.Id}: pin rw longterm by {p.Owner.Name} ({Fmt.Range((long)p.Pin.Address, (long)(p.Pin.Address + p.Pin.Length))}){(p.Unusable is { } why ? ": " + why : string.Empty)}",
        PipeHandle p => $"#{p.Id}: pipe of {p.Owner.Name} ({Fmt.Range((long)p.Pipe.Address, (long)(p.Pipe.Address + p.Pipe.Bytes))}){(p.Unusable is { } why ? ": " + why : string.Empty)}",
        _ => $"#{handle.Id}: {handle.Verb}: {handle.Unusable}",
    };

    // ---- Queries ---------------------------------------------------------------------------

    public Value Query(string function, string process, long address, Span span)
    {
        var agent = P(process).Agent;
        var at = (ulong)address;
        return function switch
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
            "lru_batch" => Of(Q.LruBatch(agent, at), Value.Of),
            _ => throw new RuntimeError(span, $"unknown function '{function}'"),
        };
    }

    public Value ProcessQuery(string function, string process, Span span) => function switch
    {
        "rss" => Of(Q.Rss(P(process).Agent), v => Value.Of((long)v)),
        "swap" => Of(Q.Swap(P(process).Agent), v => Value.Of((long)v)),
        _ => throw new RuntimeError(span, $"unknown function '{function}'"),
    };

    public Value Stat(NameExpr counter)
    {
        if (!VmEventNames.TryParse(counter.Name, out _) && !MthpStatNames.TryParse(counter.Name, out _, out _))
        {
            throw new RuntimeError(counter.Span, $"unknown counter '{counter.Name}' (counters: {string.Join(", ", VmEventNames.All)}; per THP size: anon_fault_alloc_64K, split_2M, ... as in hugepages-SIZE/stats)");
        }
        return counter.Name switch
        {
            "pgfault" => Value.Of(_faults.Total().Total),
            var n when SimulatorCounters.Contains(n) => Value.Unobserved(false, $"unobservable: the kernel keeps no {n} counter"),
            var n when NoisyCounters.Contains(n) => Value.Unobserved(false, $"unavailable: {n} in /proc/vmstat moves with every process on the machine"),
            var n => Of(_windows.Observe(n, _host), v => Value.Of(v)),
        };
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
