using MmDsl.Engine;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Output.Show;

/// <summary><c>show maps</c>: VMAs like /proc/PID/maps with smaps-style Rss, AnonHugePages and Swap.</summary>
internal static class MapsTable
{
    public static IEnumerable<string> Lines(Machine m, Process process)
    {
        var table = new TextTable("range", "perm", "size", "rss", "anon-huge", "swap", "thp", "flags", "name");
        foreach (var vma in process.Mm.Vmas)
        {
            var usage = Usage(m, process, vma);
            table.Add(
                Fmt.Range(vma.Start, vma.End),
                vma.Flags.Perms(),
                Fmt.Size(vma.Size),
                Fmt.Size(usage.Rss),
                Fmt.Size(usage.AnonHuge),
                Fmt.Size(usage.Swap),
                usage.Thp,
                Flags(vma),
                process.Mm.NameOf(vma.Start, vma.End) ?? DefaultName(m, vma));
        }
        return table.Count == 0 ? [$"{process.Name}: no mappings"] : table.Lines().Prepend($"{process.Name}:");
    }

    /// <summary>What /proc/PID/maps would name a VMA the script did not: the memfd it maps, shmem, or anonymous memory.</summary>
    private static string DefaultName(Machine m, Vma vma) =>
        vma.Shmem == 0 ? "[anon]" : m.FindShmem(vma.Shmem) is { IsMemfd: true } file ? $"memfd:{file.Name}" : "[shmem]";

    private static string Flags(Vma vma)
    {
        var words = new List<string>();
        if ((vma.Flags & VmFlags.HugePage) != 0)
        {
            words.Add("hugepage");
        }
        if ((vma.Flags & VmFlags.NoHugePage) != 0)
        {
            words.Add("nohugepage");
        }
        if ((vma.Flags & VmFlags.DontCopy) != 0)
        {
            words.Add("dontfork");
        }
        if ((vma.Flags & VmFlags.WipeOnFork) != 0)
        {
            words.Add("wipeonfork");
        }
        if ((vma.Flags & VmFlags.Locked) != 0)
        {
            words.Add("locked");
        }
        return words.Count == 0 ? "-" : string.Join(" ", words);
    }

    public readonly record struct VmaUsage(long Rss, long AnonHuge, long Swap, string Thp);

    /// <summary>smaps_pte_range / smaps_pmd_entry, plus thpmaps' PMD- vs PTE-mapped split per folio size.</summary>
    public static VmaUsage Usage(Machine m, Process process, Vma vma)
    {
        long rss = 0, huge = 0, swap = 0;
        var pteMappedBySize = new SortedDictionary<int, long>();
        var pt = process.Mm.PageTable;
        for (var addr = vma.Start; addr < vma.End;)
        {
            var pmd = pt.GetPmd(addr);
            var haddr = addr & ~(PageTable.PmdSize - 1);
            if (pmd.IsHuge)
            {
                if (!pmd.IsSpecial)
                {
                    rss += PageTable.PmdSize;
                    huge += PageTable.PmdSize;
                }
                addr = haddr + PageTable.PmdSize;
                continue;
            }
            if (!pmd.IsTable)
            {
                addr = haddr + PageTable.PmdSize;
                continue;
            }
            var pte = pt.GetPte(addr);
            if (pte.IsSwap)
            {
                swap += PageTable.PageSize;
            }
            else if (pte.IsPresent && !pte.IsSpecial)
            {
                rss += PageTable.PageSize;
                var order = m.FolioOrder(m.Memory.Head(pte.Pfn));
                if (order > 0)
                {
                    pteMappedBySize[order] = pteMappedBySize.GetValueOrDefault(order) + PageTable.PageSize;
                }
            }
            addr += PageTable.PageSize;
        }
        var thp = new List<string>();
        if (huge > 0)
        {
            thp.Add($"pmd {Fmt.Size(huge)}");
        }
        foreach (var (order, bytes) in pteMappedBySize)
        {
            thp.Add($"pte {Fmt.Size(bytes)} of {Fmt.Size(PageTable.PageSize << order)}");
        }
        return new VmaUsage(rss, huge, swap, thp.Count == 0 ? "-" : string.Join(", ", thp));
    }
}
