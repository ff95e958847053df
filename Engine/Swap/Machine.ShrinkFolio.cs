using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Reclaiming one folio (shrink_folio_list, add_to_swap, try_to_unmap_one, pageout, __remove_mapping).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// Reclaim one anonymous folio: discard a clean lazyfree folio; else add it to the swap cache
    /// (whole, or split first as the era does), unmap every mapping through the reverse map into
    /// swap entries, write it out, and free it if only the swap cache still holds it.
    /// Returns true if the folio left memory.
    /// </summary>
    private bool ShrinkFolio(int head)
    {
        if ((_s.Memory.Flags(head) & (PageFlags.Anon | PageFlags.SwapCache)) == 0)
        {
            return false;
        }
        if ((_s.Memory.Flags(head) & PageFlags.LazyFree) != 0 && !InSwapCache(head) && TryDiscardLazyFree(head))
        {
            return true;
        }
        if (RmapWalk(head).FirstOrDefault(h => (h.Vma.Flags & VmFlags.Locked) != 0) is { Process: not null } locked)
        {
            // mlock_folio moved it to the unevictable LRU: reclaim does not see it (try_to_unmap_one
            // would stop at the VM_LOCKED mapping and mlock it if it did).
            ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, $"mlocked: mapped by {locked.Process.Name}:0x{locked.Address:x} in a VM_LOCKED mapping");
            return false;
        }
        if (!InSwapCache(head))
        {
            if (Era.ReclaimSkipsPinned && FolioMaybeDmaPinned(head))
            {
                ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, "maybe pinned: not added to the swap cache", Fact.ReclaimSkipsPinned);
                return false;
            }
            if (IsLarge(head) && MustSplitForReclaim(head, out var why))
            {
                var pages = FolioNrPages(head);
                if (!SplitFolio(head, why))
                {
                    ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, "cannot split: extra references");
                    return false;
                }
                ReclaimNote(head, 0, ReclaimResult.Split, why);
                var any = false;
                for (var pfn = head; pfn < head + pages; pfn++)
                {
                    if (_s.Memory.RefCount(pfn) > 0 && !IsTail(pfn))
                    {
                        any |= ShrinkFolio(pfn);
                    }
                }
                return any;
            }
            if (!_s.Swap.Enabled)
            {
                ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, "no swap device");
                return false;
            }
            // folio_alloc_swap: a swap file takes no large entries from 6.10 (cluster_alloc_swap_entry)
            var fileRefuses = IsLarge(head) && Settings.SwapFile && Era.SwapFileRefusesLargeEntries;
            var slot = fileRefuses ? -1 : _s.Swap.Allocate(FolioNrPages(head));
            if (slot < 0)
            {
                var order = FolioOrder(head);
                var pmdSized = order == PmdOrder;
                var splitWhy = fileRefuses ? "a swap file takes no large entries: split and swap as 4K pages" : "no free swap cluster: split and swap as 4K pages";
                if (IsLarge(head) && SplitFolio(head, splitWhy))
                {
                    Stats.Count(order, MthpStat.SwpoutFallback);
                    if (pmdSized)
                    {
                        // shrink_folio_list counts THP_SWPOUT_FALLBACK for PMD-mappable folios only
                        Stats.Count(VmEvent.ThpSwpoutFallback);
                    }
                    // split_folio_to_list puts every page on the list this pass goes on reclaiming
                    var any = false;
                    for (var pfn = head; pfn < head + (1 << order); pfn++)
                    {
                        if (_s.Memory.RefCount(pfn) > 0 && (_s.Memory.Flags(pfn) & PageFlags.Anon) != 0)
                        {
                            any |= ShrinkFolio(pfn);
                        }
                    }
                    return any;
                }
                ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, "swap full");
                return false;
            }
            AddToSwapCache(head, slot);
        }
        if (FolioMapped(head) && !TryToUnmap(head, out var refusal))
        {
            ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, refusal + "; stays mapped, in the swap cache");
            return false;
        }
        if (FolioMapped(head))
        {
            // shrink_folio_list: try_to_unmap missed a mapping the reverse map cannot reach (a KSM
            // page a forked parent maps under another anon_vma): nr_unmap_fail, activate_locked.
            ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, "still mapped after try_to_unmap: stays in the swap cache");
            return false;
        }
        Pageout(head);
        var nr = FolioNrPages(head);
        var refs = _s.Memory.RefCount(head);
        var first = SwapSlotOf(head);
        if (refs == nr)
        {
            DeleteFromSwapCache(head, dirty: false);
            ReclaimNote(head, FolioOrder(head), ReclaimResult.SwappedOut, nr == 1 ? $"swap slot {first}" : $"swap slots {first}-{first + nr - 1}");
            return true;
        }
        ReclaimNote(head, FolioOrder(head), ReclaimResult.Kept, $"written to swap, but refcount {refs} > swapcache {nr}: stays in the swap cache{(FolioMaybeDmaPinned(head) ? " (pinned)" : string.Empty)}");
        return false;
    }

    /// <summary>
    /// Before the swap-out of a large folio: ≤6.9 splits a THP with no PMD mapping, 6.10+ a
    /// partially mapped one; mTHP before 6.10 is always split; PMD THPs go whole (THP_SWAP).
    /// </summary>
    private bool MustSplitForReclaim(int head, out string why)
    {
        var folio = _s.Large[head];
        if (folio.Order != PmdOrder && !Era.SwapsOutMthpWhole)
        {
            why = "large folio: split before swap-out (mTHP swap-out is 6.10+)";
            return true;
        }
        if (Era.SwapsOutMthpWhole ? OnDeferredSplitQueue(head) : folio.EntireMapCount == 0 && folio.Order == PmdOrder)
        {
            why = Era.SwapsOutMthpWhole ? "partially mapped: split before swap-out" : "no PMD mapping: split before swap-out";
            return true;
        }
        why = string.Empty;
        return false;
    }

    /// <summary>
    /// try_to_unmap through the reverse map: PMD mappings are split first; each PTE becomes a swap
    /// entry (with the exclusive bit from 5.19), unless folio_try_share_anon_rmap_pte refuses a
    /// maybe-pinned exclusive page.
    /// </summary>
    private bool TryToUnmap(int head, out string refusal)
    {
        foreach (var hit in RmapWalk(head).Where(h => h.Pmd))
        {
            SplitHugePmd(hit.Process, hit.Vma, hit.Address, "reclaim: try_to_unmap");
        }
        var slot = SwapSlotOf(head);
        foreach (var hit in RmapWalk(head))
        {
            var mm = hit.Process.Mm;
            var ptes = mm.PageTable.FindPmdTable(hit.Address)!.Ptes[PageTable.PmdIndex(hit.Address)]!;
            var ti = PageTable.PteIndex(hit.Address);
            var pte = new Pte(ptes[ti]);
            var exclusive = false;
            if (Era.HasAnonExclusive && IsAnonExclusive(hit.Pfn))
            {
                if (FolioMaybeDmaPinned(head))
                {
                    refusal = $"{hit.Process.Name}:{hit.Address:x} maybe pinned: folio_try_share_anon_rmap_pte fails";
                    return false;
                }
                ClearAnonExclusive(hit.Pfn);
                exclusive = true;
            }
            if (pte.IsDirty)
            {
                _s.Memory.Set(head, PageFlags.Dirty);
            }
            var entry = Pte.MakeSwap(0, slot + (hit.Pfn - head), exclusive).With(pte.Value & Pte.SoftDirty);
            _s.Swap.Duplicate(slot + (hit.Pfn - head));
            ptes[ti] = entry.Value;
            mm.AnonPages--;
            mm.SwapEntries++;
            FolioRemoveRmapPtes(head, hit.Pfn, 1, mm);
            FolioPut(head);
        }
        refusal = string.Empty;
        return true;
    }

    /// <summary>pageout: write the folio's pages to their swap slots.</summary>
    private void Pageout(int head)
    {
        var slot = SwapSlotOf(head);
        var nr = FolioNrPages(head);
        for (var i = 0; i < nr; i++)
        {
            _s.Swap.Write(slot + i, _s.Memory.GetImage(head + i));
        }
        _s.Memory.Clear(head, PageFlags.Dirty);
        Stats.Count(VmEvent.PswpOut, nr);
        Stats.Count(FolioOrder(head), MthpStat.Swpout);
        if (nr == HPagePmdNr)
        {
            Stats.Count(VmEvent.ThpSwpout);
        }
    }

    /// <summary>
    /// A clean MADV_FREE folio is dropped without swap (try_to_unmap_one on a lazyfree folio); a
    /// write since then (a dirty PTE) makes it swap-backed again.
    /// </summary>
    private bool TryDiscardLazyFree(int head)
    {
        var hits = RmapWalk(head);
        if (hits.Any(h => h.Pmd) || _s.Memory.RefCount(head) != hits.Count ||
            hits.Any(h => h.Process.Mm.PageTable.GetPte(h.Address).IsDirty))
        {
            _s.Memory.Clear(head, PageFlags.LazyFree);
            return false;
        }
        foreach (var hit in hits)
        {
            var mm = hit.Process.Mm;
            mm.PageTable.FindPmdTable(hit.Address)!.Ptes[PageTable.PmdIndex(hit.Address)]![PageTable.PteIndex(hit.Address)] = 0;
            mm.AnonPages--;
            FolioRemoveRmapPtes(head, hit.Pfn, 1, mm);
        }
        ReclaimNote(head, FolioOrder(head), ReclaimResult.Discarded, "MADV_FREE and clean: dropped without swap");
        FolioPut(head, hits.Count);
        return true;
    }
}
