using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;

namespace MmDsl.Engine;

/// <summary>Splitting a large folio into small folios (split_huge_page, mm/huge_memory.c).</summary>
public sealed partial class Machine
{
    /// <summary>
    /// can_split_folio: no reference beyond the mappings and the swap cache
    /// (refcount == folio_mapcount + nr if in the swap cache; the caller's own reference aside).
    /// </summary>
    public bool CanSplitFolio(int head, out string reason)
    {
        var expected = FolioMapCount(head) + (InSwapCache(head) ? FolioNrPages(head) : 0);
        var refs = _memory.RefCount(head);
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
        var folioFlags = _memory.Flags(head) & (PageFlags.Anon | PageFlags.Lru | PageFlags.Dirty | PageFlags.SwapCache | PageFlags.Shmem | PageFlags.LazyFree);
        var mapping = _memory.Mapping(head);
        var index = _memory.Index(head);
        var slot = SwapSlotOf(head);
        UnqueueDeferredSplit(head);
        _large.Remove(head);
        if (slot >= 0)
        {
            _swapSlot.Remove(head);
        }
        for (var i = 0; i < nr; i++)
        {
            var pfn = head + i;
            var own = _memory.Flags(pfn) & (PageFlags.AnonExclusive | PageFlags.ContentWord | PageFlags.ContentFull | PageFlags.WordOffsetMask);
            _memory.Flags(pfn) = own | folioFlags;
            _memory.Mapping(pfn) = mapping;
            _memory.Index(pfn) = index + i;
            _memory.RefCount(pfn) = _memory.MapCount(pfn) + (slot >= 0 ? 1 : 0);
            if (slot >= 0)
            {
                _swapSlot[pfn] = slot + i;
                _swap.SetCache(slot + i, pfn);
            }
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
            if (_memory.MapCount(pfn) > 0)
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
            else if (_memory.RefCount(pfn) == 0)
            {
                _memory.RefCount(pfn) = 1;
                FolioPut(pfn);
            }
        }
        return true;
    }
}
