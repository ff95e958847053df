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

    public void Compare(Script script, IReadOnlyList<Runtime.Api.Policy> policies) => throw AsTableSays("compare");

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

    private const string KsmSysfs = "/sys/kernel/mm/ksm";

    /// <summary>Full scans waited for at least: the first may have begun before the command (ksmd's cursor stays where run=0 left it), then the two the simulator makes at least.</summary>
    private const int KsmHostScans = 3;

    /// <summary>
    /// ksm: ksmd through /sys/kernel/mm/ksm: smart_scan off (it skips pages that did not merge
    /// lately, which the simulator does not model), sleep_millisecs 0, a large pages_to_scan,
    /// run 1; wait until full_scans has advanced by three (a partial scan, then two whole ones) and
    /// then until a whole scan leaves pages_shared and pages_sharing as they were; then run 0 again. Every knob goes back to its value at the end of the run.
    /// </summary>
    public void Ksm()
    {
        if (!KernelFiles.Exists($"{KsmSysfs}/run"))
        {
            throw NotOnHost($"this kernel has no {KsmSysfs} (CONFIG_KSM)", true);
        }
        foreach (var (knob, value) in new[] { ("smart_scan", "0"), ("sleep_millisecs", "0"), ("pages_to_scan", "10000") })
        {
            if (KernelFiles.Exists($"{KsmSysfs}/{knob}") && _host.Raise($"{KsmSysfs}/{knob}", value) is { } why)
            {
                throw NotOnHost($"ksm: {why}", true);
            }
        }
        var start = ReadKsm("full_scans");
        if (_host.Raise($"{KsmSysfs}/run", "1") is { } failed)
        {
            throw NotOnHost($"ksm: {failed}", true);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var target = start + KsmHostScans;
        var now = start;
        var last = (-1L, -1L);
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            now = ReadKsm("full_scans");
            if (now >= target)
            {
                // Go on, a scan at a time, until a whole scan changes neither counter (as the simulator
                // goes on until a scan merges nothing).
                var counters = (ReadKsm("pages_shared"), ReadKsm("pages_sharing"));
                if (counters == last || now >= start + 16)
                {
                    break;
                }
                last = counters;
                target = now + 1;
            }
            Thread.Sleep(2);
        }
        _host.Raise($"{KsmSysfs}/run", "0");
        if (now < target)
        {
            throw NotOnHost($"ksm: full_scans went from {start} to {now} in 60 s", true);
        }
        Out.WriteLine($"ksm: {now - start} full scans of ksmd; pages_shared {ReadKsm("pages_shared")}, pages_sharing {ReadKsm("pages_sharing")}");
    }

    private static long ReadKsm(string knob) =>
        long.Parse(KernelFiles.ReadText($"{KsmSysfs}/{knob}").Trim(), System.Globalization.CultureInfo.InvariantCulture);

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
            "ksm" => Of(Q.Ksm(agent, at), Value.Of),
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
        if (counter.Name is "ksm_pages_shared" or "ksm_pages_sharing")
        {
            var path = $"{KsmSysfs}/{counter.Name["ksm_".Length..]}";
            return KernelFiles.Exists(path) && long.TryParse(KernelFiles.ReadText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? Value.Of(v)
                : Value.Unobserved(false, $"unavailable: this kernel has no {path} (CONFIG_KSM)");
        }
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
