using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>MADV_PAGEOUT and reclaim (madvise_cold_or_pageout_pte_range, shrink_folio_list).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// MADV_PAGEOUT over [start, end): collect the folios mapped there, skipping (or splitting)
    /// those the era considers shared, and reclaim each at once, ignoring references.
    /// </summary>
    private Errno MadvisePageOut(Process process, long start, long end)
    {
        if (!Era.HasMadvPageout)
        {
            return Errno.EINVAL;
        }
        LruAddDrain(string.Empty);
        var candidates = new List<int>();
        foreach (var vma in process.Mm.VmasIn(start, end).ToList())
        {
            if (vma.Shmem != 0 && (vma.Flags & VmFlags.Shared) != 0)
            {
                ReclaimNote(0, 0, ReclaimResult.Skipped, "shmem pages are not reclaimed here");
                continue;
            }
            CollectPageout(process, vma, Math.Max(start, vma.Start), Math.Min(end, vma.End), candidates);
        }
        foreach (var head in candidates.Distinct().ToList())
        {
            if (_s.Memory.RefCount(head) > 0 && !IsTail(head))
            {
                ShrinkFolio(head);
            }
        }
        return Errno.Ok;
    }

    private bool IsTail(int pfn) => (_s.Memory.Flags(pfn) & PageFlags.Tail) != 0;

    /// <summary>
    /// madvise_cold_or_pageout_pte_range over [start, end) of one VMA, for MADV_PAGEOUT (the folios
    /// to reclaim go to <paramref name="candidates"/>) or, when it is null, MADV_COLD (their accessed
    /// bits are cleared). Both split a large folio the range covers only in part.
    /// </summary>
    private void CollectPageout(Process process, Vma vma, long start, long end, List<int>? candidates)
    {
        var pt = process.Mm.PageTable;
        for (var addr = start; addr < end;)
        {
            var haddr = addr & ~(PageTable.PmdSize - 1);
            var next = Math.Min(haddr + PageTable.PmdSize, end);
            var pmd = pt.GetPmd(addr);
            if (pmd.IsHuge)
            {
                if (pmd.IsSpecial)
                {
                    addr = next;
                    continue;
                }
                var head = pmd.Pfn;
                if (PageoutShared(head, head))
                {
                    SkipNote(candidates, head, PmdOrder, ReclaimResult.Skipped, "mapped shared");
                    addr = next;
                    continue;
                }
                if (addr == haddr && next == haddr + PageTable.PmdSize)
                {
                    if (candidates is null)
                    {
                        pt.FindPmdTable(haddr)!.Pmd[PageTable.PmdIndex(haddr)] &= ~Pte.Young;
                    }
                    else
                    {
                        candidates.Add(head);
                    }
                    addr = next;
                    continue;
                }
                if (!SplitFolio(head, candidates is null ? "MADV_COLD of part of a THP" : "MADV_PAGEOUT of part of a THP"))
                {
                    addr = next;
                    continue;
                }
            }
            for (; addr < next; addr += PageTable.PageSize)
            {
                var pte = pt.GetPte(addr);
                if (!pte.IsPresent || pte.IsSpecial)
                {
                    continue;
                }
                var page = pte.Pfn;
                var head = _s.Memory.Head(page);
                if ((_s.Memory.Flags(head) & PageFlags.Anon) == 0)
                {
                    // A page-cache page of a private file mapping: the simulator reclaims anonymous memory only.
                    continue;
                }
                if (PageoutShared(head, page))
                {
                    SkipNote(candidates, head, FolioOrder(head), ReclaimResult.Skipped, "mapped shared");
                    if (IsLarge(head) && Era.Version < new Eras.KernelVersion(6, 9))
                    {
                        // 5.6-6.8: a shared PTE-mapped THP stops the walk of this page table.
                        addr = next;
                        break;
                    }
                    continue;
                }
                if (IsLarge(head))
                {
                    var nr = FolioNrPages(head);
                    var folioStart = addr - ((long)(page - head) << PageTable.PageShift);
                    var whole = Era.SwapsOutMthpWhole && folioStart >= start && folioStart + ((long)nr << PageTable.PageShift) <= end;
                    if (!whole && !SplitFolio(head, candidates is null ? "MADV_COLD of part of a large folio" : "MADV_PAGEOUT of part of a large folio"))
                    {
                        continue;
                    }
                    if (whole)
                    {
                        Deactivate(pt, addr, head, candidates);
                        continue;
                    }
                    head = _s.Memory.Head(page);
                }
                Deactivate(pt, addr, head, candidates);
            }
            addr = Math.Max(addr, next);
        }
    }

    private void SkipNote(List<int>? candidates, int pfn, int order, ReclaimResult result, string reason)
    {
        if (candidates is not null)
        {
            ReclaimNote(pfn, order, result, reason, Fact.PageoutSkipsShared);
        }
    }

    private static void Deactivate(PageTable pt, long addr, int head, List<int>? candidates)
    {
        if (candidates is null)
        {
            pt.FindPmdTable(addr)!.Ptes[PageTable.PmdIndex(addr)]![PageTable.PteIndex(addr)] &= ~Pte.Young;
        }
        else
        {
            candidates.Add(head);
        }
    }

    private bool PageoutShared(int head, int page) =>
        Era.PageoutSkipsShared && Era.PageoutConsidersShared(new FolioSharing(this, head, page));

    /// <summary>reclaim: every anonymous folio, in pfn order, through shrink_folio_list.</summary>
    public int Reclaim()
    {
        LruAddDrainAll(string.Empty);
        var reclaimed = 0;
        foreach (var head in Folios().Where(h => (_s.Memory.Flags(h) & PageFlags.Anon) != 0 || InSwapCache(h)).ToList())
        {
            if (_s.Memory.RefCount(head) > 0 && !IsTail(head) && ShrinkFolio(head))
            {
                reclaimed++;
            }
        }
        return reclaimed;
    }

    private void ReclaimNote(int pfn, int order, ReclaimResult result, string reason, Fact? rule = null)
    {
        if (Explain)
        {
            Emit(new ReclaimEvent(pfn, order, result, reason, rule is { } fact ? Era.Rule(fact) : null));
        }
    }
}
