using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>madvise advice (MADV_*).</summary>
internal enum MadviseAdvice
{
    DontNeed,
    Free,
    WillNeed,
    HugePage,
    NoHugePage,
    Collapse,
    PageOut,
    Cold,
    DontFork,
    DoFork,
    WipeOnFork,
    KeepOnFork,
    Mergeable,
    Unmergeable,
}

/// <summary>madvise (mm/madvise.c).</summary>
internal sealed partial class Machine
{
    /// <summary>madvise over [address, address+size). Holes give ENOMEM after the mapped parts are advised.</summary>
    public Errno Madvise(Process process, long address, long size, MadviseAdvice advice)
    {
        Enter(process);
        if ((address & (PageTable.PageSize - 1)) != 0 || address < 0 || size < 0)
        {
            return Errno.EINVAL;
        }
        if (size == 0)
        {
            return Errno.Ok;
        }
        // madvise_walk_vmas: what lies past TASK_SIZE is a hole like any other (ENOMEM at the end).
        var end = ClampedEnd(address, size);
        var mm = process.Mm;
        var holes = !InUserSpace(address, size) || !FullyMapped(mm, address, end);
        if (!mm.Overlaps(address, end))
        {
            return Errno.ENOMEM;
        }
        if (advice is MadviseAdvice.DontNeed or MadviseAdvice.Free or MadviseAdvice.Cold or MadviseAdvice.PageOut &&
            mm.VmasIn(address, end).Any(v => (v.Flags & VmFlags.Locked) != 0))
        {
            // can_madv_lru_vma / madvise_dontneed_free_valid_vma: not on a VM_LOCKED mapping.
            return Errno.EINVAL;
        }
        var result = advice switch
        {
            MadviseAdvice.DontNeed => MadviseDontNeed(process, address, end),
            MadviseAdvice.Free => MadviseFree(process, address, end),
            MadviseAdvice.WillNeed => MadviseWillNeed(process, address, end),
            MadviseAdvice.Cold => MadviseCold(process, address, end),
            MadviseAdvice.PageOut => MadvisePageOut(process, address, end),
            MadviseAdvice.Collapse => MadviseCollapse(process, address, end),
            MadviseAdvice.Mergeable => KsmMadviseMergeable(process, address, end),
            MadviseAdvice.Unmergeable => KsmMadviseUnmergeable(process, address, end),
            _ => MadviseFlags(process, address, end, advice),
        };
        return result != Errno.Ok ? result : holes ? Errno.ENOMEM : Errno.Ok;
    }

    /// <summary>MADV_DONTNEED: zap the range; the VMAs stay, and untouched memory reads as zero again.</summary>
    private Errno MadviseDontNeed(Process process, long start, long end)
    {
        LruAddDrain(string.Empty);
        foreach (var vma in process.Mm.VmasIn(start, end).ToList())
        {
            ZapVmaRange(process, vma, start, end, reclaimPt: Era.MadvDontneedReclaimsPageTables);
        }
        return Errno.Ok;
    }

    /// <summary>
    /// MADV_FREE (madvise_free_pte_range): pages mapped only here become clean, old and lazyfree, so
    /// that reclaim may drop them instead of swapping them; shared pages are left alone, and an
    /// exclusive large folio only partly in the range is split first.
    /// </summary>
    private Errno MadviseFree(Process process, long start, long end)
    {
        var vmas = process.Mm.VmasIn(start, end).ToList();
        if (vmas.Any(v => v.Shmem != 0))
        {
            return Errno.EINVAL;
        }
        LruAddDrain(string.Empty);
        foreach (var vma in vmas)
        {
            var from = Math.Max(start, vma.Start);
            var to = Math.Min(end, vma.End);
            SplitPartialForFree(process, from, to);
            ForEachPresentPte(process, vma, from, to, splitPartial: false, (ptes, ti, pfn, _) =>
            {
                var head = _s.Memory.Head(pfn);
                if (FreeSkipsShared(head, pfn))
                {
                    return;
                }
                _s.Memory.Clear(head, PageFlags.Dirty);
                _s.Memory.Set(head, PageFlags.LazyFree);
                ptes[ti] &= ~(Pte.Dirty | Pte.Young);
            });
        }
        return Errno.Ok;
    }

    private bool FreeSkipsShared(int head, int pfn) =>
        new FolioSharing(this, head, pfn).MaybeMappedShared || (IsLarge(head) && _s.Large[head].MaybeShared);

    /// <summary>
    /// The splits of MADV_FREE over [from, to) of one VMA: madvise_free_huge_pmd leaves the huge zero
    /// PMD and a THP that may be mapped shared alone (the PTE walk then skips the huge PMD), and
    /// splits an exclusive one the range covers in part (split_folio); a PTE-mapped large folio is
    /// split on the same terms (madvise_free_pte_range).
    /// </summary>
    private void SplitPartialForFree(Process process, long from, long to)
    {
        var pt = process.Mm.PageTable;
        for (var addr = from; addr < to;)
        {
            var haddr = addr & ~(PageTable.PmdSize - 1);
            var next = Math.Min(haddr + PageTable.PmdSize, to);
            var pmd = pt.GetPmd(addr);
            if (pmd.IsHuge)
            {
                if (!pmd.IsSpecial && !FreeSkipsShared(pmd.Pfn, pmd.Pfn) && (addr != haddr || next != haddr + PageTable.PmdSize))
                {
                    SplitFolio(pmd.Pfn, "MADV_FREE of part of a THP");
                }
                addr = next;
                continue;
            }
            for (; addr < next; addr += PageTable.PageSize)
            {
                var pte = pt.GetPte(addr);
                if (!pte.IsPresent || pte.IsSpecial)
                {
                    continue;
                }
                var head = _s.Memory.Head(pte.Pfn);
                if (IsLarge(head) && !FolioInside(head, pte.Pfn, addr, from, to) && !FreeSkipsShared(head, pte.Pfn))
                {
                    SplitFolio(head, "MADV_FREE of part of a large folio");
                }
            }
        }
    }

    /// <summary>Does [from, to) cover the whole folio, given that <paramref name="pfn"/> is mapped at <paramref name="address"/>?</summary>
    private bool FolioInside(int head, int pfn, long address, long from, long to)
    {
        var folioStart = address - ((long)(pfn - head) << PageTable.PageShift);
        return folioStart >= from && folioStart + ((long)FolioNrPages(head) << PageTable.PageShift) <= to;
    }

    /// <summary>
    /// MADV_COLD: deactivate the folios mapped only here (their accessed bits are cleared); like
    /// MADV_PAGEOUT it splits an exclusive THP the range covers only in part
    /// (madvise_cold_or_pageout_pte_range, since 9c276cc65a58 in 5.4).
    /// </summary>
    private Errno MadviseCold(Process process, long start, long end)
    {
        LruAddDrain(string.Empty);
        foreach (var vma in process.Mm.VmasIn(start, end).ToList())
        {
            if (vma.Shmem == 0 || (vma.Flags & VmFlags.Shared) == 0)
            {
                CollectPageout(process, vma, Math.Max(start, vma.Start), Math.Min(end, vma.End), candidates: null);
            }
        }
        return Errno.Ok;
    }

    /// <summary>The VMA-flag advice: split the VMAs whose flags change, set the flags, merge back.</summary>
    private Errno MadviseFlags(Process process, long start, long end, MadviseAdvice advice) =>
        ModifyVmFlags(process, start, end, vma => advice is MadviseAdvice.WipeOnFork && vma.Shmem != 0 ? null : advice switch
        {
            MadviseAdvice.HugePage => (vma.Flags | VmFlags.HugePage) & ~VmFlags.NoHugePage,
            MadviseAdvice.NoHugePage => (vma.Flags | VmFlags.NoHugePage) & ~VmFlags.HugePage,
            MadviseAdvice.DontFork => vma.Flags | VmFlags.DontCopy,
            MadviseAdvice.DoFork => vma.Flags & ~VmFlags.DontCopy,
            MadviseAdvice.WipeOnFork => vma.Flags | VmFlags.WipeOnFork,
            MadviseAdvice.KeepOnFork => vma.Flags & ~VmFlags.WipeOnFork,
            _ => vma.Flags,
        });

    /// <summary>
    /// vma_modify_flags over [start, end): each VMA whose flags change is split at the range's ends
    /// and given them, then the range merges where it may. A VMA the change refuses (null) ends the
    /// walk with EINVAL, the VMAs before it changed, as madvise_walk_vmas leaves them.
    /// </summary>
    private Errno ModifyVmFlags(Process process, long start, long end, Func<Vma, VmFlags?> change)
    {
        var mm = process.Mm;
        foreach (var vma in mm.VmasIn(start, end).ToList())
        {
            if (change(vma) is not { } flags)
            {
                return Errno.EINVAL;
            }
            if (flags == vma.Flags)
            {
                continue;
            }
            var from = Math.Max(start, vma.Start);
            var to = Math.Min(end, vma.End);
            SplitVmasAround(process, from, to);
            mm.FindVma(from)!.Flags = flags;
        }
        MergeVmas(mm, start, end);
        return Errno.Ok;
    }

    /// <summary>Visit every present, normal (not zero-page) PTE of a VMA inside [start, end).</summary>
    private void ForEachPresentPte(Process process, Vma vma, long start, long end, bool splitPartial, Action<ulong[], int, int, long> visit)
    {
        var mm = process.Mm;
        var from = Math.Max(start, vma.Start);
        var to = Math.Min(end, vma.End);
        for (var addr = from; addr < to;)
        {
            var haddr = addr & ~(PageTable.PmdSize - 1);
            var next = Math.Min(haddr + PageTable.PmdSize, to);
            var pmd = mm.PageTable.GetPmd(addr);
            if (pmd.IsHuge && splitPartial && (addr != haddr || next != haddr + PageTable.PmdSize))
            {
                SplitHugePmd(process, vma, haddr, "partial madvise");
            }
            var table = mm.PageTable.FindPmdTable(addr);
            if (table?.Ptes[PageTable.PmdIndex(addr)] is { } ptes)
            {
                for (var a = addr; a < next; a += PageTable.PageSize)
                {
                    var ti = PageTable.PteIndex(a);
                    var pte = new Pte(ptes[ti]);
                    if (pte.IsPresent && !pte.IsSpecial)
                    {
                        visit(ptes, ti, pte.Pfn, a);
                    }
                }
            }
            addr = next;
        }
    }
}
