using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>mremap (mm/mremap.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// mremap with MREMAP_MAYMOVE (and MREMAP_FIXED when <paramref name="to"/> is given): shrink in
    /// place, grow in place when the space after is free, else move the VMA and its page-table
    /// entries. Whole, aligned PMDs move intact; a PMD that only partly moves is split first.
    /// Returns the new start.
    /// </summary>
    public Result<long> Mremap(Process process, long address, long oldSize, long newSize, long? to)
    {
        Enter(process);
        if ((address & (PageTable.PageSize - 1)) != 0 || address < 0 || oldSize <= 0 || newSize <= 0)
        {
            return Result<long>.Fail(Errno.EINVAL, "bad address or length");
        }
        // check_mremap_params (3215eaceca87): new_len > TASK_SIZE or new_addr > TASK_SIZE - new_len
        // is EINVAL; an old range past TASK_SIZE cannot be one mapping and is refused as EINVAL too.
        if (!InUserSpace(address, oldSize) || newSize > TaskSize)
        {
            return Result<long>.Fail(Errno.EINVAL, "length beyond the address space");
        }
        if (to is { } newAddress && !InUserSpace(newAddress, newSize))
        {
            return Result<long>.Fail(Errno.EINVAL, "bad new address");
        }
        oldSize = PageAlign(oldSize);
        newSize = PageAlign(newSize);
        // check_mremap_params (6.17+; mremap_to before): an unaligned or overlapping target is EINVAL
        // before the old range's VMA is looked up, and the overlap is measured with the old length.
        var mm = process.Mm;
        var vma = mm.FindVma(address);
        // 550a7d60bd5e (5.16) looked up the VMA first, before mremap_to's checks, until 3215eaceca87 (6.17).
        if (vma is null && Era.MremapVmaBeforeTargetCheck)
        {
            return Result<long>.Fail(Errno.EFAULT, "old range is not inside one mapping");
        }
        if (to is { } checkedTo && CheckMremapTarget(address, oldSize, checkedTo, newSize) is { } invalid)
        {
            return Result<long>.Fail(invalid.Errno, invalid.Message);
        }
        if (vma is null && to is null && newSize <= oldSize && !Era.MremapShrinkNeedsVma)
        {
            // SYSCALL_DEFINE5(mremap) before 550a7d60bd5e: a shrink or same size in place unmaps the tail, never looking for a VMA.
            if (newSize < oldSize)
            {
                Munmap(process, address + newSize, oldSize - newSize);
            }
            return address;
        }
        if (vma is null)
        {
            return Result<long>.Fail(Errno.EFAULT, "old range is not inside one mapping");
        }
        if (to is { } moveTo && newSize == oldSize && Era.MremapMovesMultipleVmas)
        {
            return RemapMove(process, address, oldSize, moveTo);
        }
        // check_prep_vma: the range must stay inside one VMA only when a new range is mapped
        // (vrm_will_map_new), and a shrink checks only the part it keeps (as mremap_to did,
        // shrinking before vma_to_resize); shrinking or keeping the size in place never checks.
        if ((to is not null || newSize > oldSize) && address + Math.Min(oldSize, newSize) > vma.End)
        {
            return Result<long>.Fail(Errno.EFAULT, "old range is not inside one mapping");
        }
        if (newSize < oldSize)
        {
            // Shrinking comes first (the tail is unmapped), moving second.
            Munmap(process, address + newSize, oldSize - newSize);
            oldSize = newSize;
            if (to is null)
            {
                return address;
            }
        }
        if (to is { } fixedTo)
        {
            Munmap(process, fixedTo, newSize);
            return MoveVma(process, address, oldSize, fixedTo, newSize);
        }
        if (newSize == oldSize)
        {
            return address;
        }
        if (address + oldSize == vma.End && InUserSpace(address, newSize) && !mm.Overlaps(vma.End, address + newSize))
        {
            vma.End = address + newSize;
            mm.MoveLabels(address, oldSize, address, newSize);
            MergeVmas(mm, vma.Start, vma.End);
            return address;
        }
        var thp = ThpAllowed(vma, PmdOrder) && newSize >= PageTable.PmdSize;
        var target = FindGap(mm, newSize, thp ? PageTable.PmdSize : PageTable.PageSize);
        if (target < 0)
        {
            return Result<long>.Fail(Errno.ENOMEM, "no free range that large");
        }
        return MoveVma(process, address, oldSize, target, newSize);
    }

    /// <summary>check_mremap_params for MREMAP_FIXED: an aligned target inside the address space, not overlapping the source.</summary>
    private (Errno Errno, string Message)? CheckMremapTarget(long address, long oldSize, long to, long newSize)
    {
        if ((to & (PageTable.PageSize - 1)) != 0 || to < 0 || to + newSize > TaskSize)
        {
            return (Errno.EINVAL, "bad new address");
        }
        if (to < address + oldSize && address < to + newSize)
        {
            return (Errno.EINVAL, "old and new ranges overlap");
        }
        return null;
    }

    /// <summary>
    /// remap_move (d23cb648e365, 6.17): MREMAP_FIXED with old_len == new_len moves every VMA of the
    /// range, each to the target plus its offset, keeping the gaps between them; a gap at the start
    /// is EFAULT, one at the end is allowed.
    /// </summary>
    private Result<long> RemapMove(Process process, long address, long size, long to)
    {
        var mm = process.Mm;
        var end = address + size;
        var pieces = mm.VmasIn(address, end).Select(v => (Start: Math.Max(v.Start, address), End: Math.Min(v.End, end))).ToList();
        foreach (var (start, stop) in pieces)
        {
            var target = to + (start - address);
            Munmap(process, target, stop - start);
            MoveVma(process, start, stop - start, target, stop - start);
        }
        return to;
    }

    /// <summary>move_vma + move_page_tables.</summary>
    private long MoveVma(Process process, long address, long oldSize, long target, long newSize)
    {
        var mm = process.Mm;
        // move_vma (prep_move_vma in 6.x): ksm_madvise(MADV_UNMERGEABLE) over the old range first, so
        // that no KSM page moves away from the address its rmap item records; VM_MERGEABLE stays.
        if (mm.FindVma(address) is { AnonVma: not 0 } source && (source.Flags & VmFlags.Mergeable) != 0)
        {
            UnmergeKsmPages(process, source, address, Math.Min(address + oldSize, source.End));
        }
        SplitVmasAround(process, address, address + oldSize);
        var old = mm.FindVma(address)!;
        var moved = old.Clone();
        moved.Start = target;
        moved.End = target + newSize;
        if (moved.Shmem != 0)
        {
            _s.Shmem[moved.Shmem].Users++;
        }
        MovePageTables(process, old, address, target, Math.Min(oldSize, newSize));
        mm.Vmas.Remove(old);
        ReleaseVma(old);
        mm.InsertVma(moved);
        mm.MoveLabels(address, oldSize, target, newSize);
        FreeUnusedPageTables(mm, address, address + oldSize);
        MergeVmas(mm, target, target + newSize);
        return target;
    }

    /// <summary>move_page_tables: entries move with their pages; nothing is copied, no count changes.</summary>
    private void MovePageTables(Process process, Vma old, long from, long to, long length)
    {
        var pt = process.Mm.PageTable;
        for (var off = 0L; off < length;)
        {
            var src = from + off;
            var dst = to + off;
            var pmd = pt.GetPmd(src);
            var pmdAligned = (src & (PageTable.PmdSize - 1)) == 0 && (dst & (PageTable.PmdSize - 1)) == 0 &&
                off + PageTable.PmdSize <= length;
            if (pmd.IsHuge && pmdAligned)
            {
                // move_huge_pmd: the THP stays PMD-mapped at the new place.
                var srcTable = pt.FindPmdTable(src)!;
                srcTable.Pmd[PageTable.PmdIndex(src)] = 0;
                pt.GetPmdTable(dst).Pmd[PageTable.PmdIndex(dst)] = pmd.Value;
                off += PageTable.PmdSize;
                continue;
            }
            if (pmd.IsHuge)
            {
                SplitHugePmd(process, old, src, "partial mremap");
            }
            var pte = pt.GetPte(src);
            if (!pte.IsNone)
            {
                pt.FindPmdTable(src)!.Ptes[PageTable.PmdIndex(src)]![PageTable.PteIndex(src)] = 0;
                pt.GetOrAllocPtes(dst)[PageTable.PteIndex(dst)] = pte.Value;
            }
            else if (pt.GetPmd(src).IsTable)
            {
                // move_page_tables (every era): get_old_pmd finds the source table, so pte_alloc gives the
                // destination one before move_ptes, even when every entry moved is none.
                pt.GetOrAllocPtes(dst);
            }
            off += PageTable.PageSize;
        }
    }
}
