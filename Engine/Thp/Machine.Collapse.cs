using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>THP collapse: MADV_COLLAPSE and khugepaged (hpage_collapse_scan_pmd, collapse_huge_page in mm/khugepaged.c).</summary>
public sealed partial class Machine
{
    private readonly record struct ScanResult(string Code, string Detail, int Swapped)
    {
        public bool Ok => Code == "SCAN_SUCCEED";
    }

    private Errno MadviseCollapse(Process process, long start, long end)
    {
        if (!Era.HasMadvCollapse)
        {
            return Errno.EINVAL;
        }
        var ok = true;
        var pt = process.Mm.PageTable;
        for (var haddr = start & ~(PageTable.PmdSize - 1); haddr < end;)
        {
            ok &= Collapse(process, haddr, khugepaged: false);
            var following = haddr + PageTable.PmdSize;
            var next = pt.NextPopulated(following, end) & ~(PageTable.PmdSize - 1);
            if (next > following + PageTable.PmdSize)
            {
                // A run of 2M ranges with nothing mapped fails alike (SCAN_PMD_NULL or
                // SCAN_VMA_CHECK): the first answers for the run, so the walk costs what is mapped.
                ok &= Collapse(process, following, khugepaged: false);
                haddr = next;
            }
            else
            {
                haddr = following;
            }
        }
        return ok ? Errno.Ok : Errno.EAGAIN;
    }

    /// <summary>
    /// Collapse the 2M range at <paramref name="haddr"/> into a new PMD-mapped THP: scan the PTEs
    /// (khugepaged applies its max_ptes_* tunables and wants a referenced page; both need a
    /// writable PTE and no unexpected reference), swap in what is swapped out, copy, and replace
    /// the PTE table by the PMD. Old pages lose this mapping; shared ones live on elsewhere.
    /// </summary>
    public bool Collapse(Process process, long haddr, bool khugepaged)
    {
        haddr &= ~(PageTable.PmdSize - 1);
        var vma = process.Mm.FindVma(haddr);
        if (vma is null || haddr < vma.Start || haddr + PageTable.PmdSize > vma.End || vma.Shmem != 0 ||
            (vma.Flags & VmFlags.NoHugePage) != 0 || (khugepaged && !ThpAllowed(vma, PmdOrder)))
        {
            return CollapseNote(process, haddr, "SCAN_VMA_CHECK", "the 2M range is not in one THP-eligible anonymous VMA", 0);
        }
        var pmd = process.Mm.PageTable.GetPmd(haddr);
        if (pmd.IsHuge)
        {
            return CollapseNote(process, haddr, pmd.IsSpecial ? "SCAN_PMD_NONE" : "SCAN_PMD_MAPPED", pmd.IsSpecial ? "maps the huge zero page" : "already PMD-mapped", pmd.Pfn, ok: !pmd.IsSpecial);
        }
        if (!pmd.IsTable)
        {
            return CollapseNote(process, haddr, "SCAN_PMD_NULL", "nothing mapped", 0);
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
            return CollapseNote(process, haddr, "SCAN_ALLOC_HUGE_PAGE_FAIL", "no free 2M block", 0);
        }
        // __collapse_huge_page_swapin
        for (var a = haddr; a < haddr + PageTable.PmdSize; a += PageTable.PageSize)
        {
            if (process.Mm.PageTable.GetPte(a).IsSwap && !HandleMmFault(process, vma, a, AccessKind.Read))
            {
                FolioPut(head);
                return CollapseNote(process, haddr, "SCAN_ALLOC_HUGE_PAGE_FAIL", "swap-in failed", 0);
            }
        }
        CollapseCopy(process, vma, haddr, head);
        Stats.Count(VmEvent.ThpCollapseAlloc);
        return CollapseNote(process, haddr, "SCAN_SUCCEED", scan.Swapped > 0 ? $"{scan.Swapped} pages swapped in" : "collapsed", head, ok: true);
    }

    /// <summary>hpage_collapse_scan_pmd + __collapse_huge_page_isolate's checks.</summary>
    private ScanResult ScanPmd(Process process, long haddr, bool khugepaged)
    {
        int none = 0, swap = 0, shared = 0, writable = 0, referenced = 0;
        for (var a = haddr; a < haddr + PageTable.PmdSize; a += PageTable.PageSize)
        {
            var pte = process.Mm.PageTable.GetPte(a);
            if (pte.IsNone || pte.IsSpecial)
            {
                if (++none > Settings.MaxPtesNone && khugepaged)
                {
                    return new("SCAN_EXCEED_NONE_PTE", $"more than max_ptes_none {Settings.MaxPtesNone} empty PTEs", 0);
                }
                continue;
            }
            if (pte.IsSwap)
            {
                if (++swap > Settings.MaxPtesSwap && khugepaged)
                {
                    return new("SCAN_EXCEED_SWAP_PTE", $"more than max_ptes_swap {Settings.MaxPtesSwap} swapped-out PTEs", 0);
                }
                continue;
            }
            var pfn = pte.Pfn;
            var head = _memory.Head(pfn);
            if ((_memory.Flags(head) & PageFlags.Anon) == 0)
            {
                return new("SCAN_PAGE_ANON", $"0x{a:x}: not an anonymous page", 0);
            }
            if (!Era.KhugepagedCollapsesShared && IsLarge(head))
            {
                return new("SCAN_PAGE_COMPOUND", $"0x{a:x}: part of a large folio (collapsed only from 5.8)", 0);
            }
            if (PageMapCount(pfn) > 1)
            {
                if (!Era.KhugepagedCollapsesShared)
                {
                    return new("SCAN_PAGE_COUNT", $"0x{a:x}: mapped {PageMapCount(pfn)} times", 0);
                }
                if (++shared > Settings.MaxPtesShared && khugepaged)
                {
                    return new("SCAN_EXCEED_SHARED_PTE", $"more than max_ptes_shared {Settings.MaxPtesShared} shared pages", 0);
                }
            }
            var expected = FolioMapCount(head) + (InSwapCache(head) ? FolioNrPages(head) : 0);
            if (_memory.RefCount(head) != expected)
            {
                return new("SCAN_PAGE_COUNT", $"0x{a:x}: refcount {_memory.RefCount(head)} != mapcount {FolioMapCount(head)}{(InSwapCache(head) ? " + swapcache" : string.Empty)} (pinned or GUP reference)", 0);
            }
            writable += pte.IsWrite ? 1 : 0;
            referenced += pte.IsYoung ? 1 : 0;
        }
        if (writable == 0 && Era.CollapseNeedsWritablePte)
        {
            return new("SCAN_PAGE_RO", "no writable PTE in the range", 0);
        }
        if (khugepaged && (referenced == 0 || (swap > 0 && referenced < HPagePmdNr / 2)))
        {
            return new("SCAN_LACK_REFERENCED_PAGE", "not enough recently accessed pages", 0);
        }
        return new("SCAN_SUCCEED", string.Empty, swap);
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
            _memory.CopyContents(pfn, head + i);
            var old = _memory.Head(pfn);
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

    private bool CollapseNote(Process process, long haddr, string code, string detail, int pfn, bool ok = false)
    {
        if (Explain)
        {
            Emit(new CollapseEvent(process.Name, haddr, ok, code, detail, pfn));
        }
        return ok;
    }

    /// <summary>khugepaged: one full scan of every process, collapsing what its tunables allow.</summary>
    public int Khugepaged()
    {
        LruAddDrainAll(string.Empty);
        var collapsed = 0;
        foreach (var process in _processes.ToList())
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
