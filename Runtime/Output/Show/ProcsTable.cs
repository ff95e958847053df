using MmDsl.Engine;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Output.Show;

/// <summary><c>show procs</c>: processes, parents, RSS (anon, THP, shmem), swap and VMA count.</summary>
internal static class ProcsTable
{
    public static IEnumerable<string> Lines(Machine m, string? current)
    {
        if (m.Processes.Count == 0)
        {
            return ["no processes"];
        }
        var table = new TextTable("name", "pid", "ppid", "rss-anon", "anon-huge", "rss-shmem", "swap", "vmas", "mm", "current");
        foreach (var p in m.Processes)
        {
            var huge = p.Mm.Vmas.Sum(v => MapsTable.Usage(m, p, v).AnonHuge);
            var parent = m.Processes.FirstOrDefault(q => q.Pid == p.ParentPid)?.Name ?? (p.ParentPid == 0 ? "-" : Fmt.Dec(p.ParentPid));
            table.Add(
                p.Name,
                Fmt.Dec(p.Pid),
                parent,
                Fmt.Size(p.Mm.AnonPages * PageTable.PageSize),
                Fmt.Size(huge),
                Fmt.Size(p.Mm.ShmemPages * PageTable.PageSize),
                Fmt.Size(p.Mm.SwapEntries * PageTable.PageSize),
                Fmt.Dec(p.Mm.Vmas.Count),
                Fmt.Dec(p.Mm.MmId),
                p.Name == current ? "*" : string.Empty);
        }
        return table.Lines();
    }
}
