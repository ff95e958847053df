using MmDsl.Engine.Memory;

namespace MmDsl.Engine;

/// <summary>The swap cache: folios that hold the data of swap slots (mm/swap_state.c).</summary>
internal sealed partial class Machine
{
    public bool InSwapCache(int head) => (_s.Memory.Flags(head) & PageFlags.SwapCache) != 0;

    /// <summary>The swap slot of a swap-cache folio's first page, or -1.</summary>
    public int SwapSlotOf(int head) => _s.SwapSlot.TryGetValue(head, out var slot) ? slot : -1;

    /// <summary>The swap count of the slot backing <paramref name="page"/> (0 when not in the swap cache).</summary>
    public int FolioSwapCount(int head, int page) =>
        _s.SwapSlot.TryGetValue(head, out var slot) ? _s.Swap.SwapCount(slot + (page - head)) : 0;

    /// <summary>folio_swapped: does any swap PTE still refer to one of the folio's slots?</summary>
    public bool FolioSwapped(int head)
    {
        if (!_s.SwapSlot.TryGetValue(head, out var slot))
        {
            return false;
        }
        var nr = FolioNrPages(head);
        for (var i = 0; i < nr; i++)
        {
            if (_s.Swap.SwapCount(slot + i) > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// page_trans_huge_map_swapcount (≤5.17): small page: mapcount + swap count; THP: the largest
    /// per-page PTE mapcount + swap count, plus the entire mapcount.
    /// </summary>
    public int MapSwapCount(int head)
    {
        if (!IsLarge(head))
        {
            return _s.Memory.MapCount(head) + FolioSwapCount(head, head);
        }
        var max = 0;
        var nr = FolioNrPages(head);
        for (var i = 0; i < nr; i++)
        {
            max = Math.Max(max, _s.Memory.MapCount(head + i) + FolioSwapCount(head, head + i));
        }
        return max + _s.Large[head].EntireMapCount;
    }

    /// <summary>add_to_swap_cache: the folio holds the data of nr slots starting at <paramref name="slot"/>.</summary>
    internal void AddToSwapCache(int head, int slot)
    {
        var nr = FolioNrPages(head);
        _s.Memory.Set(head, PageFlags.SwapCache);
        _s.SwapSlot[head] = slot;
        for (var i = 0; i < nr; i++)
        {
            _s.Swap.SetCache(slot + i, head);
        }
        FolioGet(head, nr);
    }

    /// <summary>folio_free_swap / try_to_free_swap: leave the swap cache unless a swap PTE still uses a slot.</summary>
    internal bool FolioFreeSwap(int head)
    {
        if (!InSwapCache(head) || FolioSwapped(head))
        {
            return false;
        }
        DeleteFromSwapCache(head, dirty: true);
        return true;
    }

    /// <summary>delete_from_swap_cache: drop the cache's references; slots still counted stay allocated.</summary>
    internal void DeleteFromSwapCache(int head, bool dirty)
    {
        if (!_s.SwapSlot.Remove(head, out var slot))
        {
            return;
        }
        var nr = FolioNrPages(head);
        _s.Memory.Clear(head, PageFlags.SwapCache);
        if (dirty)
        {
            _s.Memory.Set(head, PageFlags.Dirty);
        }
        for (var i = 0; i < nr; i++)
        {
            _s.Swap.SetCache(slot + i, 0);
            _s.Swap.FreeIfUnused(slot + i);
        }
        FolioPut(head, nr);
    }

    /// <summary>migrate_folio for a swap-cache folio: the new folio takes over the slots and their references.</summary>
    internal void ReplaceSwapCacheFolio(int old, int fresh)
    {
        var slot = _s.SwapSlot[old];
        var nr = FolioNrPages(old);
        _s.SwapSlot.Remove(old);
        _s.Memory.Clear(old, PageFlags.SwapCache);
        _s.SwapSlot[fresh] = slot;
        _s.Memory.Set(fresh, PageFlags.SwapCache);
        for (var i = 0; i < nr; i++)
        {
            _s.Swap.SetCache(slot + i, fresh);
        }
        FolioGet(fresh, nr);
        FolioPut(old, nr);
    }
}
