using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>THP collapse: MADV_COLLAPSE and khugepaged (hpage_collapse_scan_pmd, collapse_huge_page in mm/khugepaged.c).</summary>
internal sealed partial class Machine
{
    private readonly record struct ScanOutcome(ScanResult Code, string Detail, int Swapped)
    {
        public bool Ok => Code == ScanResult.Succeed;
    }

    /// <summary>
    /// madvise_collapse (7d8faaf15545, 6.1), per VMA of the range: every whole, aligned 2M in it is
    /// collapsed; results on the whitelist go on to the next 2M, others stop; 0 when all of them
    /// ended PMD-mapped, else the errno madvise_collapse_errno gives the last failure.
    /// </summary>
    private Errno MadviseCollapse(Process process, long start, long end)
    {
        if (!Era.HasMadvCollapse)
        {
            return Errno.EINVAL;
        }
        foreach (var vma in process.Mm.VmasIn(start, end).ToList())
        {
            // thp_vma_allowable_order refuses the VMA: shmem here, VM_NOHUGEPAGE, or no aligned 2M
            // fits in it (thp_vma_suitable_order at vm_end - 2M, as __thp_vma_allowable_orders asks).
            var lastHaddr = (vma.End - PageTable.PmdSize) & ~(PageTable.PmdSize - 1);
            // __thp_vma_allowable_orders also refuses an anonymous VMA with no anon_vma outside the
            // fault path (madvise_collapse's first check, since 7d8faaf15545): EINVAL before any scan,
            // even when no whole 2M of the range lies in the VMA.
            if (vma.Shmem != 0 || (vma.Flags & VmFlags.NoHugePage) != 0 || vma.End < PageTable.PmdSize || lastHaddr < vma.Start ||
                vma.AnonVma == 0)
            {
                if (vma.AnonVma == 0 && vma.Shmem == 0)
                {
                    CollapseNote(process, Math.Max(start, vma.Start) & ~(PageTable.PmdSize - 1), ScanResult.VmaCheck, "the VMA has no anon_vma (no page but the zero page ever mapped)", 0);
                }
                return Errno.EINVAL;
            }
            var hstart = (Math.Max(start, vma.Start) + PageTable.PmdSize - 1) & ~(PageTable.PmdSize - 1);
            var hend = Math.Min(end, vma.End) & ~(PageTable.PmdSize - 1);
            // No whole 2M in this VMA's part: hend - hstart underflows, so thps never matches and the
            // result is madvise_collapse_errno(SCAN_FAIL), EINVAL (hstart == hend gives 0).
            var error = hstart > hend ? Errno.EINVAL : MadviseCollapseRange(process, hstart, hend);
            if (error != Errno.Ok)
            {
                return error;
            }
        }
        return Errno.Ok;
    }

    /// <summary>madvise(MADV_COLLAPSE) of the one 2M range at <paramref name="haddr"/> (the <c>collapse</c> command).</summary>
    public Errno MadviseCollapseAt(Process process, long haddr) =>
        Madvise(process, haddr & ~(PageTable.PmdSize - 1), PageTable.PmdSize, MadviseAdvice.Collapse);

    private Errno MadviseCollapseRange(Process process, long hstart, long hend)
    {
        ScanResult? lastFail = null;
        for (var haddr = hstart; haddr < hend; haddr += PageTable.PmdSize)
        {
            // A run of empty PMDs is SCAN_PMD_NULL for each, which goes on to the next 2M: step over
            // the run as walk_page_range would, so the cost is what is mapped, not the range's size.
            var populated = process.Mm.PageTable.NextPopulated(haddr, hend) & ~(PageTable.PmdSize - 1);
            if (populated > haddr + PageTable.PmdSize)
            {
                lastFail = CollapseNote(process, haddr, ScanResult.PmdNull,
                    $"nothing mapped up to 0x{Math.Min(populated, hend):x}", 0);
                haddr = populated - PageTable.PmdSize;
                continue;
            }
            var result = CollapseScan(process, haddr, khugepaged: false);
            if (result is ScanResult.Succeed or ScanResult.PmdMapped)
            {
                continue;
            }
            lastFail = result;
            if (result is not (ScanResult.PmdNull or ScanResult.PteNonPresent or ScanResult.PteUffdWp or ScanResult.PageRo or
                ScanResult.LackReferencedPage or ScanResult.PageNull or ScanResult.PageCount or ScanResult.PageLock or
                ScanResult.PageCompound or ScanResult.PageLru or ScanResult.DelPageLru))
            {
                break;
            }
        }
        return lastFail switch
        {
            null => Errno.Ok,
            ScanResult.AllocHugePageFail => Errno.ENOMEM,
            ScanResult.CgroupChargeFail or ScanResult.ExceedNonePte => Errno.EBUSY,
            ScanResult.PageCount or ScanResult.PageLock or ScanResult.PageLru or ScanResult.DelPageLru or ScanResult.PageFilled => Errno.EAGAIN,
            _ => Errno.EINVAL,
        };
    }

    /// <summary>
    /// Collapse the 2M range at <paramref name="haddr"/> into a new PMD-mapped THP: scan the PTEs
    /// (khugepaged applies its max_ptes_* tunables and wants a referenced page; both need a
    /// writable PTE and no unexpected reference), swap in what is swapped out, copy, and replace
    /// the PTE table by the PMD. Old pages lose this mapping; shared ones live on elsewhere.
    /// </summary>
    public bool Collapse(Process process, long haddr, bool khugepaged) =>
        CollapseScan(process, haddr, khugepaged) == ScanResult.Succeed;

    /// <summary><see cref="Collapse"/>, answering the scan_result code the kernel ends with.</summary>
    private ScanResult CollapseScan(Process process, long haddr, bool khugepaged)
    {
        haddr &= ~(PageTable.PmdSize - 1);
        var vma = process.Mm.FindVma(haddr);
        if (vma is null || haddr < vma.Start || haddr + PageTable.PmdSize > vma.End || vma.Shmem != 0 ||
            (vma.Flags & VmFlags.NoHugePage) != 0 || (khugepaged && !ThpAllowed(vma, PmdOrder)))
        {
            return CollapseNote(process, haddr, ScanResult.VmaCheck, "the 2M range is not in one THP-eligible anonymous VMA", 0);
        }
        var pmd = process.Mm.PageTable.GetPmd(haddr);
        if (pmd.IsHuge)
        {
            // find_pmd_or_thp_or_none: any pmd_trans_huge, the huge zero PMD too, is SCAN_PMD_MAPPED (MADV_COLLAPSE series, 7d8faaf15545).
            return CollapseNote(process, haddr, ScanResult.PmdMapped, pmd.IsSpecial ? "maps the huge zero page" : "already PMD-mapped", pmd.Pfn);
        }
        if (!pmd.IsTable)
        {
            return CollapseNote(process, haddr, ScanResult.PmdNull, "nothing mapped", 0);
        }
        LruAddDrainAll(string.Empty);
        var scan = ScanPmd(process, haddr, khugepaged);
        if (!scan.Ok)
        {
            return CollapseNote(process, haddr, scan.Code, scan.Detail, 0);
        }
        var head = AllocFolio(PmdOrder);
        if (head < 0)
        {
            Stats.Count(VmEvent.ThpCollapseAllocFailed);
            return CollapseNote(process, haddr, ScanResult.AllocHugePageFail, "no free 2M block", 0);
        }
        // alloc_charge_folio counts THP_COLLAPSE_ALLOC as soon as the folio is allocated.
        Stats.Count(VmEvent.ThpCollapseAlloc);
        if (vma.AnonVma == 0)
        {
            // hugepage_vma_revalidate (collapse_huge_page): no anon_vma (only zero-page reads) is SCAN_PAGE_ANON (SCAN_VMA_CHECK before 6.1).
            FolioPut(head);
            return CollapseNote(process, haddr, ScanResult.PageAnon, "the VMA has no anon_vma (nothing but zero pages mapped)", 0);
        }
        // __collapse_huge_page_swapin calls do_swap_page itself: no page fault is counted.
        for (var a = haddr; a < haddr + PageTable.PmdSize; a += PageTable.PageSize)
        {
            if (process.Mm.PageTable.GetPte(a).IsSwap && DoSwapPage(process, vma, a, AccessKind.Read) != FaultResult.Done)
            {
                FolioPut(head);
                return CollapseNote(process, haddr, ScanResult.Fail, "swap-in failed", 0);
            }
        }
        CollapseCopy(process, vma, haddr, head);
        return CollapseNote(process, haddr, ScanResult.Succeed, scan.Swapped > 0 ? $"{scan.Swapped} pages swapped in" : "collapsed", head, ok: true);
    }

    /// <summary>hpage_collapse_scan_pmd + __collapse_huge_page_isolate's checks.</summary>
    private ScanOutcome ScanPmd(Process process, long haddr, bool khugepaged)
    {
        int none = 0, swap = 0, shared = 0, writable = 0, referenced = 0;
        for (var a = haddr; a < haddr + PageTable.PmdSize; a += PageTable.PageSize)
        {
            var pte = process.Mm.PageTable.GetPte(a);
            if (pte.IsNone || pte.IsSpecial)
            {
                if (++none > Settings.MaxPtesNone && khugepaged)
                {
                    return new(ScanResult.ExceedNonePte, $"more than max_ptes_none {Settings.MaxPtesNone} empty PTEs", 0);
                }
                continue;
            }
            if (pte.IsSwap)
            {
                if (++swap > Settings.MaxPtesSwap && khugepaged)
                {
                    return new(ScanResult.ExceedSwapPte, $"more than max_ptes_swap {Settings.MaxPtesSwap} swapped-out PTEs", 0);
                }
                continue;
            }
            var pfn = pte.Pfn;
            var head = _s.Memory.Head(pfn);
            if ((_s.Memory.Flags(head) & PageFlags.Anon) == 0)
            {
                return new(ScanResult.PageAnon, $"0x{a:x}: not an anonymous page", 0);
            }
            if (!Era.KhugepagedCollapsesShared && IsLarge(head))
            {
                return new(ScanResult.PageCompound, $"0x{a:x}: part of a large folio (collapsed only from 5.8)", 0);
            }
            if (PageMapCount(pfn) > 1)
            {
                if (!Era.KhugepagedCollapsesShared)
                {
                    return new(ScanResult.PageCount, $"0x{a:x}: mapped {PageMapCount(pfn)} times", 0);
                }
                if (++shared > Settings.MaxPtesShared && khugepaged)
                {
                    return new(ScanResult.ExceedSharedPte, $"more than max_ptes_shared {Settings.MaxPtesShared} shared pages", 0);
                }
            }
            var expected = FolioMapCount(head) + (InSwapCache(head) ? FolioNrPages(head) : 0);
            if (_s.Memory.RefCount(head) != expected)
            {
                return new(ScanResult.PageCount, $"0x{a:x}: refcount {_s.Memory.RefCount(head)} != mapcount {FolioMapCount(head)}{(InSwapCache(head) ? " + swapcache" : string.Empty)} (pinned or GUP reference)", 0);
            }
            writable += pte.IsWrite ? 1 : 0;
            referenced += pte.IsYoung ? 1 : 0;
        }
        if (writable == 0 && Era.CollapseNeedsWritablePte)
        {
            return new(ScanResult.PageRo, "no writable PTE in the range", 0);
        }
        if (khugepaged && (referenced == 0 || (swap > 0 && referenced < HPagePmdNr / 2)))
        {
            return new(ScanResult.LackReferencedPage, "not enough recently accessed pages", 0);
        }
        return new(ScanResult.Succeed, string.Empty, swap);
    }

    /// <summary>__collapse_huge_page_copy and its success path: copy, unmap the old pages, map the new THP by a PMD.</summary>
    private void CollapseCopy(Process process, Vma vma, long haddr, int head)
    {
        var mm = process.Mm;
        var ptes = mm.PageTable.FindPmdTable(haddr)!.Ptes[PageTable.PmdIndex(haddr)]!;
        for (var i = 0; i < HPagePmdNr; i++)
        {
            var pte = new Pte(ptes[i]);
            if (pte.IsNone || pte.IsSpecial)
            {
                mm.AnonPages++;
                continue;
            }
            var pfn = pte.Pfn;
            _s.Memory.CopyContents(pfn, head + i);
            var old = _s.Memory.Head(pfn);
            ptes[i] = 0;
            FolioRemoveRmapPtes(old, pfn, 1, mm);
            if (InSwapCache(old) && !FolioMapped(old))
            {
                FolioFreeSwap(old);
            }
            FolioPut(old);
        }
        mm.PageTable.FreePtes(haddr);
        AnonVmaPrepare(mm, vma);
        FolioAddNewAnonRmap(head, vma, haddr, mm, pmdMapped: true, exclusive: true);
        LruAdd(head);
        var bits = Pte.Huge | Pte.Dirty | Pte.Young | ((vma.Flags & VmFlags.Write) != 0 ? Pte.Write : 0);
        mm.PageTable.GetPmdTable(haddr).Pmd[PageTable.PmdIndex(haddr)] = Pte.Make(head, bits).Value;
    }

    private ScanResult CollapseNote(Process process, long haddr, ScanResult code, string detail, int pfn, bool ok = false)
    {
        if (Explain)
        {
            Emit(new CollapseEvent(process.Name, haddr, ok || code == ScanResult.PmdMapped, code, detail, pfn));
        }
        return code;
    }

    /// <summary>khugepaged: one full scan of every process, collapsing what its tunables allow.</summary>
    public int Khugepaged()
    {
        LruAddDrainAll(string.Empty);
        var collapsed = 0;
        foreach (var process in _s.Processes.ToList())
        {
            foreach (var vma in process.Mm.Vmas.ToList())
            {
                if (vma.Shmem != 0 || !ThpAllowed(vma, PmdOrder))
                {
                    continue;
                }
                var first = (vma.Start + PageTable.PmdSize - 1) & ~(PageTable.PmdSize - 1);
                for (var haddr = first; haddr + PageTable.PmdSize <= vma.End; haddr += PageTable.PmdSize)
                {
                    // khugepaged_scan_mm_slot only acts on PTE tables: step over empty PMDs.
                    haddr = process.Mm.PageTable.NextPopulated(haddr, vma.End) & ~(PageTable.PmdSize - 1);
                    if (haddr + PageTable.PmdSize > vma.End)
                    {
                        break;
                    }
                    var pmd = process.Mm.PageTable.GetPmd(haddr);
                    if (pmd.IsTable && Collapse(process, haddr, khugepaged: true))
                    {
                        collapsed++;
                    }
                }
            }
        }
        return collapsed;
    }
}
