using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Splitting a large folio into small folios (split_huge_page, mm/huge_memory.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// can_split_folio: no reference beyond the mappings and the swap cache
    /// (refcount == folio_mapcount + nr if in the swap cache; the caller's own reference aside).
    /// </summary>
    public bool CanSplitFolio(int head, out string reason)
    {
        var expected = FolioMapCount(head) + (InSwapCache(head) ? FolioNrPages(head) : 0);
        var refs = _s.Memory.RefCount(head);
        if (refs != expected)
        {
            reason = $"refcount {refs} != mapcount {FolioMapCount(head)}{(InSwapCache(head) ? $" + swapcache {FolioNrPages(head)}" : string.Empty)}: extra references{(FolioMaybeDmaPinned(head) ? " (pinned)" : string.Empty)}";
            return false;
        }
        reason = string.Empty;
        return true;
    }

    /// <summary>
    /// split_huge_page: every PMD mapping is split first (exclusivity goes to each page), then the
    /// folio becomes nr small folios, each keeping its page's mappings, flags, swap slot and
    /// contents. Pages that nothing maps or caches are freed.
    /// </summary>
    public bool SplitFolio(int head, string why)
    {
        if (!IsLarge(head))
        {
            return false;
        }
        if (!CanSplitFolio(head, out var reason))
        {
            CountSplit(FolioOrder(head), MthpStat.SplitFailed, VmEvent.ThpSplitPageFailed);
            if (Explain)
            {
                Emit(new FolioSplitEvent(head, FolioOrder(head), false, reason));
            }
            return false;
        }
        foreach (var hit in RmapWalk(head).Where(h => h.Pmd))
        {
            SplitHugePmd(hit.Process, hit.Vma, hit.Address, why);
        }
        var order = FolioOrder(head);
        var nr = 1 << order;
        var folioFlags = _s.Memory.Flags(head) & (PageFlags.Anon | PageFlags.Lru | PageFlags.Dirty | PageFlags.SwapCache | PageFlags.Shmem | PageFlags.LazyFree);
        var mapping = _s.Memory.Mapping(head);
        var index = _s.Memory.Index(head);
        var slot = SwapSlotOf(head);
        UnqueueDeferredSplit(head);
        _s.Large.Remove(head);
        if (slot >= 0)
        {
            _s.SwapSlot.Remove(head);
        }
        for (var i = 0; i < nr; i++)
        {
            var pfn = head + i;
            var own = _s.Memory.Flags(pfn) & (PageFlags.AnonExclusive | PageFlags.ContentWord | PageFlags.ContentFull | PageFlags.WordOffsetMask);
            _s.Memory.Flags(pfn) = own | folioFlags;
            _s.Memory.Mapping(pfn) = mapping;
            _s.Memory.Index(pfn) = index + i;
            _s.Memory.RefCount(pfn) = _s.Memory.MapCount(pfn) + (slot >= 0 ? 1 : 0);
            if (slot >= 0)
            {
                _s.SwapSlot[pfn] = slot + i;
                _s.Swap.SetCache(slot + i, pfn);
            }
        }
        if ((folioFlags & PageFlags.Anon) != 0 && Era.SplitMapsZeroFilledPagesToZeroPage)
        {
            RemapZeroFilledToZeroPage(head, nr);
        }
        CountSplit(order, MthpStat.Split, VmEvent.ThpSplitPage);
        if (Explain)
        {
            Emit(new FolioSplitEvent(head, order, true, why));
        }
        // free_page_and_swap_cache for the pages nothing maps any more.
        for (var i = 0; i < nr; i++)
        {
            var pfn = head + i;
            if (_s.Memory.MapCount(pfn) > 0)
            {
                continue;
            }
            if (InSwapCache(pfn))
            {
                if (!FolioSwapped(pfn))
                {
                    DeleteFromSwapCache(pfn, dirty: false);
                }
            }
            else if (_s.Memory.RefCount(pfn) == 0)
            {
                _s.Memory.RefCount(pfn) = 1;
                FolioPut(pfn);
            }
        }
        return true;
    }

    /// <summary>
    /// remap_page(..., RMP_USE_SHARED_ZEROPAGE) after an anonymous split: try_to_map_unused_to_zeropage
    /// maps every zero-filled new page by a zero-page PTE instead of restoring its own mapping, so
    /// the page is freed with the split (b1f202060afe, 6.12).
    /// </summary>
    private void RemapZeroFilledToZeroPage(int head, int nr)
    {
        for (var pfn = head; pfn < head + nr; pfn++)
        {
            if (_s.Memory.MapCount(pfn) == 0 || !_s.Memory.IsZeroFilled(pfn))
            {
                continue;
            }
            foreach (var hit in RmapWalk(pfn).Where(h => !h.Pmd))
            {
                var mm = hit.Process.Mm;
                var ptes = mm.PageTable.FindPmdTable(hit.Address)!.Ptes[PageTable.PmdIndex(hit.Address)]!;
                ptes[PageTable.PteIndex(hit.Address)] = Pte.Make(ZeroPfn, Pte.Special | Pte.Young).Value;
                FolioRemoveRmapPtes(pfn, pfn, 1, mm);
                mm.AnonPages--;
                _s.Memory.RefCount(pfn)--;
            }
        }
    }
}
