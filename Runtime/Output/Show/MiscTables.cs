using MmDsl.Engine.Events;
using MmDsl.Engine;
using MmDsl.Engine.Gup;

namespace MmDsl.Runtime.Output.Show;

/// <summary><c>show swap</c>, <c>show pins</c> and <c>show stats</c>.</summary>
internal static class MiscTables
{
    /// <summary>
    /// The swap device and its slots in use. Unless <paramref name="full"/>, a run of consecutive
    /// slots with the same swap count, and no swap-cache folio or consecutive ones with the same
    /// refcount, is one row of ranges.
    /// </summary>
    public static IEnumerable<string> Swap(Machine m, bool full = false)
    {
        var swap = m.Swap;
        if (!swap.Enabled)
        {
            return ["swap: none (set swap SIZE to add a device)"];
        }
        var lines = new List<string> { $"swap: {Fmt.Size((long)swap.Slots * 4096)}, {swap.InUse} of {swap.Slots - 1} slots in use" };
        var table = new TextTable("slot", "swap count", "swap cache", "refcount");
        var rows = swap.UsedSlots().Select(slot =>
        {
            var head = swap.CachedFolio(slot);
            return (Slot: slot, Count: swap.SwapCount(slot), Head: head, Ref: head == 0 ? 0 : m.Memory.RefCount(head));
        }).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var first = rows[i];
            var n = 1;
            while (!full && i + n < rows.Count && rows[i + n] is var next && next.Slot == first.Slot + n && next.Count == first.Count
                && next.Ref == first.Ref && (first.Head == 0 ? next.Head == 0 : next.Head == first.Head + n))
            {
                n++;
            }
            var last = rows[i + n - 1];
            string Range(long a, long b, Func<long, string> f) => n == 1 ? f(a) : $"{f(a)}-{f(b)}";
            table.Add(Range(first.Slot, last.Slot, v => Fmt.Dec(v)), Fmt.Dec(first.Count),
                first.Head == 0 ? "-" : Range(first.Head, last.Head, v => Fmt.Pfn((int)v)),
                first.Head == 0 ? "-" : Fmt.Dec(first.Ref));
            i += n - 1;
        }
        if (table.Count > 0)
        {
            lines.AddRange(table.Lines());
        }
        return lines;
    }

    public static IEnumerable<string> Pins(Machine m)
    {
        if (m.Handles.Count == 0)
        {
            return ["no handles open"];
        }
        var table = new TextTable("handle", "kind", "process", "range", "access", "pages", "pfns");
        foreach (var handle in m.Handles.Values.OrderBy(h => h.Id))
        {
            var kind = handle.Kind switch
            {
                HandleKind.Pin => "pin (FOLL_PIN)",
                HandleKind.Get => "get (FOLL_GET)",
                _ => "pipe (vmsplice)",
            };
            var access = (handle.Write ? "rw" : "ro") + (handle.LongTerm ? " longterm" : string.Empty);
            var pfns = handle.Pfns.Length <= 4 ? string.Join(" ", handle.Pfns.Select(Fmt.Pfn)) : $"{Fmt.Pfn(handle.Pfns[0])}..{Fmt.Pfn(handle.Pfns[^1])}";
            table.Add($"#{handle.Id}", kind, handle.Process, Fmt.Range(handle.Address, handle.Address + handle.Size), access, Fmt.Dec(handle.Pfns.Length), pfns);
        }
        return table.Lines();
    }

    private static readonly (FaultHandler Handler, string Label)[] FaultKinds =
    [
        (FaultHandler.Anon, "anon fault"), (FaultHandler.HugeAnon, "huge anon fault"), (FaultHandler.Wp, "wp fault"),
        (FaultHandler.HugeWp, "huge wp fault"), (FaultHandler.Swap, "swap fault"), (FaultHandler.Shmem, "shmem fault"),
        (FaultHandler.File, "file fault"),
    ];

    public static IEnumerable<string> Stats(Machine m)
    {
        var table = new TextTable("counter", "value");
        foreach (var name in VmEventNames.All)
        {
            VmEventNames.TryParse(name, out var e);
            table.Add(name, Fmt.Dec(m.Stats[e]));
            if (e == VmEvent.PgFault)
            {
                // The faults by kind: each fault handler that ran (a fallback runs two for one pgfault).
                foreach (var (handler, label) in FaultKinds)
                {
                    table.Add("  " + label, Fmt.Dec(m.Stats.Faults(handler)));
                }
            }
        }
        foreach (var (name, value) in m.MthpCounters())
        {
            table.Add(name, Fmt.Dec(value));
        }
        return table.Lines();
    }
}
