using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>One mapping of a folio found by the reverse map.</summary>
internal readonly record struct RmapHit(Process Process, Vma Vma, long Address, int Pfn, bool Pmd, bool Writable);

/// <summary>The reverse-map walk (rmap_walk_anon, rmap_walk_file).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// Every mapping of the folio at <paramref name="head"/>: through its anon_vma (each VMA chained
    /// to it, at the address its page index gives) or, for shmem, through the VMAs of its object.
    /// </summary>
    public List<RmapHit> RmapWalk(int head)
    {
        var flags = _s.Memory.Flags(head);
        if ((flags & PageFlags.Ksm) != 0)
        {
            return RmapWalkKsm(head);
        }
        var hits = new List<RmapHit>();
        var anon = (flags & PageFlags.Anon) != 0;
        var shmem = (flags & PageFlags.Shmem) != 0;
        if (!anon && !shmem)
        {
            return hits;
        }
        var mapping = _s.Memory.Mapping(head);
        var index = _s.Memory.Index(head);
        var nr = FolioNrPages(head);
        foreach (var process in _s.Processes)
        {
            foreach (var vma in process.Mm.Vmas)
            {
                var linked = anon ? vma.AnonVmaChain.Contains(mapping) : vma.Shmem == mapping;
                if (linked)
                {
                    WalkVma(process, vma, head, index, nr, hits);
                }
            }
        }
        return hits;
    }

    private static void WalkVma(Process process, Vma vma, int head, long index, int nr, List<RmapHit> hits)
    {
        var pt = process.Mm.PageTable;
        for (var i = 0; i < nr; i++)
        {
            var address = vma.AddressOf(index + i);
            if (address < 0)
            {
                continue;
            }
            var pmd = pt.GetPmd(address);
            if (pmd.IsHuge)
            {
                if (i == 0 && !pmd.IsSpecial && pmd.Pfn == head)
                {
                    hits.Add(new RmapHit(process, vma, address, head, true, pmd.IsWrite));
                }
                continue;
            }
            var pte = pt.GetPte(address);
            if (pte.IsPresent && !pte.IsSpecial && pte.Pfn == head + i)
            {
                hits.Add(new RmapHit(process, vma, address, head + i, false, pte.IsWrite));
            }
        }
    }
}
