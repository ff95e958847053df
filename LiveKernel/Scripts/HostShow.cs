using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

/// <summary><c>show</c> on the host: what /proc says about the script's processes.</summary>
internal static class HostShow
{
    /// <summary>More page-table lines than this are cut short.</summary>
    private const int PteLineLimit = 64;

    /// <summary><c>show maps</c>: the script's VMAs from /proc/PID/smaps.</summary>
    public static IEnumerable<string> Maps(HostProcess process)
    {
        var table = new TextTable("range", "perm", "size", "rss", "anon-huge", "swap", "thp", "flags");
        foreach (var (start, end, vma) in AddressSpace.Vmas(process.Agent))
        {
            table.Add(Fmt.Range(start, end), vma.Permissions, Fmt.Size(end - start), Fmt.Size((long)vma.Rss),
                Fmt.Size((long)vma.AnonHugePages), Fmt.Size((long)vma.Swap), vma.ThpEligible ? "eligible" : "-", Flags(vma.VmFlags));
        }
        return table.Count == 0 ? [$"{process.Name}: no mappings"] : table.Lines().Prepend($"{process.Name} (pid {process.Pid}):");
    }

    /// <summary><c>show procs</c>: each process with its pid and the sizes of its script mappings.</summary>
    public static IEnumerable<string> Procs(IReadOnlyCollection<HostProcess> processes, string? current)
    {
        if (processes.Count == 0)
        {
            return ["no processes"];
        }
        var table = new TextTable(string.Empty, "name", "pid", "rss", "anon-huge", "swap", "vmas");
        foreach (var process in processes)
        {
            var vmas = AddressSpace.Vmas(process.Agent);
            table.Add(process.Name == current ? "*" : string.Empty, process.Name, process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Fmt.Size(vmas.Sum(v => (long)v.Vma.Rss)), Fmt.Size(vmas.Sum(v => (long)v.Vma.AnonHugePages)),
                Fmt.Size(vmas.Sum(v => (long)v.Vma.Swap)), Fmt.Dec(vmas.Count));
        }
        return table.Lines();
    }

    /// <summary><c>show ptes</c>: /proc/PID/pagemap of every present or swapped page in [start, end).</summary>
    public static IEnumerable<string> Ptes(HostProcess process, long start, long end, HostQueries queries)
    {
        var table = new TextTable("address", "pfn", "state", "flags");
        var more = 0;
        foreach (var (vmaStart, vmaEnd, _) in AddressSpace.Vmas(process.Agent))
        {
            var from = Math.Max(start, vmaStart);
            var to = Math.Min(end, vmaEnd);
            if (from >= to)
            {
                continue;
            }
            var pages = (int)((to - from) / AddressSpace.PageSize);
            var entries = Pagemap.Read(process.Pid, process.Agent.RealAddress((ulong)from), pages);
            for (var i = 0; i < pages; i++)
            {
                var e = entries[i];
                if (!e.Present && !e.Swapped)
                {
                    continue;
                }
                if (table.Count >= PteLineLimit)
                {
                    more++;
                    continue;
                }
                var at = from + i * AddressSpace.PageSize;
                var huge = e.Present && queries.PmdMapped(process.Agent, (ulong)at).ValueOr(false);
                table.Add(Fmt.Hex(at), e.Present ? "0x" + e.Pfn.ToString("x", System.Globalization.CultureInfo.InvariantCulture) : "-",
                    e.Present ? (huge ? "pmd" : "pte") : $"swap {e.SwapType}:0x{e.SwapOffset:x}",
                    string.Join(" ", new[] { e.MappedExclusively ? "exclusive" : null, e.SoftDirty ? "soft-dirty" : null }.OfType<string>()));
            }
        }
        if (table.Count == 0)
        {
            return [$"{process.Name}: nothing mapped in {Fmt.Range(start, end)}"];
        }
        var lines = table.Lines().Prepend($"{process.Name} (pid {process.Pid}):");
        return more == 0 ? lines : lines.Append($"... {more} more");
    }

    private static string Flags(string vmFlags)
    {
        var words = vmFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var names = new List<string>();
        void Add(string flag, string name)
        {
            if (words.Contains(flag))
            {
                names.Add(name);
            }
        }
        Add("hg", "hugepage");
        Add("nh", "nohugepage");
        Add("dc", "dontfork");
        Add("wf", "wipeonfork");
        Add("sh", "shared");
        return names.Count == 0 ? "-" : string.Join(" ", names);
    }
}
