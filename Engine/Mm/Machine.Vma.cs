using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Splitting and merging VMAs (__split_vma, vma_merge, vma_modify).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// __split_vma at <paramref name="address"/> if a VMA spans it, first splitting any PMD mapping
    /// that straddles the new boundary (vma_adjust_trans_huge).
    /// </summary>
    private void SplitVmaAt(Process process, long address)
    {
        var mm = process.Mm;
        var vma = mm.FindVma(address);
        if (vma is null || vma.Start == address)
        {
            return;
        }
        SplitHugePmdIfStraddles(process, address, "VMA split");
        var tail = vma.Clone();
        tail.Start = address;
        tail.PgOff = vma.PgOff + ((address - vma.Start) >> PageTable.PageShift);
        vma.End = address;
        if (tail.Shmem != 0)
        {
            _s.Shmem[tail.Shmem].Users++;
        }
        mm.InsertVma(tail);
    }

    /// <summary>Split at both ends of [start, end) so that the range is made of whole VMAs.</summary>
    private void SplitVmasAround(Process process, long start, long end)
    {
        SplitVmaAt(process, start);
        SplitVmaAt(process, end);
    }

    /// <summary>vma_merge: join the VMAs of [start, end) with each other and their neighbours where the kernel would.</summary>
    private void MergeVmas(MmStruct mm, long start, long end)
    {
        var vmas = mm.Vmas;
        for (var i = 1; i < vmas.Count; i++)
        {
            var prev = vmas[i - 1];
            var next = vmas[i];
            if (next.Start > end || prev.End < start || !CanMerge(prev, next))
            {
                continue;
            }
            if (prev.AnonVma == 0 && next.AnonVma != 0)
            {
                prev.AnonVma = next.AnonVma;
                prev.AnonVmaChain = next.AnonVmaChain;
            }
            prev.End = next.End;
            if (next.Shmem != 0)
            {
                _s.Shmem[next.Shmem].Users--;
            }
            vmas.RemoveAt(i);
            i--;
        }
    }

    /// <summary>is_mergeable_vma + is_mergeable_anon_vma + contiguous pgoff.</summary>
    private static bool CanMerge(Vma prev, Vma next)
    {
        if (prev.End != next.Start || prev.Flags != next.Flags || prev.Shmem != next.Shmem)
        {
            return false;
        }
        if (prev.PgOff + (prev.Size >> PageTable.PageShift) != next.PgOff)
        {
            return false;
        }
        if (prev.AnonVma == next.AnonVma)
        {
            return true;
        }
        // One side never faulted: mergeable unless the other was cloned from a parent.
        return (prev.AnonVma == 0 && next.AnonVmaChain.Count <= 1) || (next.AnonVma == 0 && prev.AnonVmaChain.Count <= 1);
    }

    /// <summary>get_unmapped_area, bottom-up from 0: the lowest gap that fits, aligned as asked.</summary>
    private long FindGap(MmStruct mm, long size, long align)
    {
        var candidate = 0L;
        foreach (var vma in mm.Vmas)
        {
            if (vma.Start >= candidate + size)
            {
                break;
            }
            if (vma.End > candidate)
            {
                candidate = (vma.End + align - 1) & ~(align - 1);
            }
        }
        return candidate + size <= TaskSize ? candidate : -1;
    }

    /// <summary>Are all addresses of [start, end) inside VMAs?</summary>
    private static bool FullyMapped(MmStruct mm, long start, long end)
    {
        var at = start;
        foreach (var vma in mm.VmasIn(start, end))
        {
            if (vma.Start > at)
            {
                return false;
            }
            at = vma.End;
        }
        return at >= end;
    }

    /// <summary>Free the PTE tables of PMD ranges that no VMA covers any more (free_pgtables).</summary>
    private void FreeUnusedPageTables(MmStruct mm, long start, long end)
    {
        for (var haddr = start & ~(PageTable.PmdSize - 1); haddr < end; haddr += PageTable.PmdSize)
        {
            // free_pgtables visits only the tables that exist.
            haddr = mm.PageTable.NextPopulated(haddr, end) & ~(PageTable.PmdSize - 1);
            if (haddr >= end)
            {
                break;
            }
            if (!mm.Overlaps(haddr, haddr + PageTable.PmdSize))
            {
                var table = mm.PageTable.FindPmdTable(haddr);
                if (table is not null && table.Ptes[PageTable.PmdIndex(haddr)] is not null)
                {
                    mm.PageTable.FreePtes(haddr);
                }
            }
        }
    }
}
