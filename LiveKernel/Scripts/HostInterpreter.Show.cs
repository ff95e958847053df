using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

public sealed partial class HostInterpreter
{
    private void Show(ShowCommand c)
    {
        if (c.CSharp)
        {
            NotOnHost(c, "--csharp shows the simulator's C#", diverges: false);
            return;
        }
        IEnumerable<string> lines;
        switch (c.Kind)
        {
            case ShowKind.Maps:
                var one = _binder.OptionalProcess(c.Args, "show maps [P]");
                var processes = one is null ? _binder.Processes : [one];
                lines = processes.Count == 0 ? ["no processes"] : processes.SelectMany(HostShow.Maps).ToList();
                break;
            case ShowKind.Procs:
                lines = HostShow.Procs(_binder.Processes, _binder.Current);
                break;
            case ShowKind.Ptes:
                lines = ShowPtes(c);
                break;
            case ShowKind.Stats:
                lines = Stats();
                break;
            case ShowKind.Pins:
                lines = _handles.Count == 0 ? ["no handles"] : _handles.Values.OrderBy(h => h.Id).Select(Describe).ToList();
                break;
            default:
                NotOnHost(c, "user space sees no refcounts, pins or swap-cache entries of other processes' pages", diverges: false);
                return;
        }
        foreach (var line in lines)
        {
            Out.WriteLine(line);
        }
    }

    private IEnumerable<string> ShowPtes(ShowCommand c)
    {
        const long all = (long)HostAgentOptions.ScriptSpan;
        if (c.Args.Count == 0)
        {
            return _binder.Processes.Count == 0 ? ["no processes"] : _binder.Processes.SelectMany(p => HostShow.Ptes(p, 0, all, _host.Queries)).ToList();
        }
        if (c.Args.Count == 1 && c.Args[0] is NameExpr n && _binder.Find(n.Name) is { } only)
        {
            return HostShow.Ptes(only, 0, all, _host.Queries);
        }
        var (process, args) = _binder.Target(c.Args, "show ptes [P] [ADDR [SIZE]]", 1, 2);
        var start = _eval.Number(args[0], "an address") & ~(AddressSpace.PageSize - 1);
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : AddressSpace.PageSize;
        return HostShow.Ptes(process, start, start + size, _host.Queries);
    }

    /// <summary><c>show stats</c>: the counters the host can give, as <c>stat(NAME)</c> gives them.</summary>
    private IEnumerable<string> Stats()
    {
        var table = new TextTable("counter", "value");
        foreach (var name in VmEventNames.All)
        {
            var value = name == "pgfault" ? Value.Of(_faults.Total().Total) : HostQueryContext.Of(_windows.Observe(name, _host), v => Value.Of(v));
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
}
