using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Faults on swap entries (do_swap_page, swapin_readahead).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// do_swap_page: find the page in the swap cache or read it into the swap cache (a new folio
    /// with the swap cache's reference and the LRU batch's), then let the era decide whether it is
    /// exclusive and writable, and map it. A write fault that leaves it R/O goes on to do_wp_page.
    /// </summary>
    private FaultResult DoSwapPage(Process process, Vma vma, long address, AccessKind kind)
    {
        BeginFault();
        var mm = process.Mm;
        var ptes = mm.PageTable.GetOrAllocPtes(address);
        var ti = PageTable.PteIndex(address);
        var entry = new Pte(ptes[ti]);
        var slot = entry.SwapOffset;
        // do_swap_page, SWP_SYNCHRONOUS_IO and __swap_count(entry) == 1 (0bcac06f27d7): a new folio
        // read straight from the device, never in the swap cache.
        var bypass = Settings.SwapSynchronous && _s.Swap.CachedFolio(slot) == 0 && _s.Swap.SwapCount(slot) == 1;
        var (head, page, readIn) = bypass ? ReadSkippingSwapCache(slot) : SwapCacheGetOrRead(slot);
        if (head < 0)
        {
            EmitFault(process, address, kind, FaultHandler.Swap, FaultOutcome.Oom, 0, 0, 0, "out of memory");
            return FaultResult.Oom;
        }
        if (!readIn)
        {
            FolioGet(head);
        }
        var write = kind == AccessKind.Write;
        var fromSwapCache = !bypass;
        if (KsmMightNeedToCopy(process, vma, address, head, page) is var copy && copy != head)
        {
            if (copy < 0)
            {
                FolioPut(head);
                EmitFault(process, address, kind, FaultHandler.Swap, FaultOutcome.Oom, 0, 0, 0, "out of memory");
                return FaultResult.Oom;
            }
            FolioPut(head);
            head = page = copy;
            fromSwapCache = false;
        }
        var ctx = new SwapInFolio(this, vma, head, slot, write, fromSwapCache, entry.IsSwpExclusive, Explain);
        SwapInDecision decision;
        if (IsKsm(head))
        {
            // do_swap_page: a KSM page is never exclusive and never mapped writable here (reuse_swap_page
            // refuses it up to 5.17; !PageKsm / !folio_test_ksm guards the refcount test from 5.18).
            EmitDecision(null, "do_swap_page", "PageKsm -> map R/O, not exclusive; a write goes on to do_wp_page", null);
            ctx.EnsureSwapFreed();
            decision = new SwapInDecision(false, false);
        }
        else
        {
            decision = Era.DoSwapPage(ctx);
        }
        ctx.EnsureSwapFreed();

        var bits = Pte.Young | (entry.Value & Pte.SoftDirty);
        if (decision.Writable)
        {
            bits |= Pte.Write | (write ? Pte.Dirty : 0);
        }
        _s.Memory.MapCount(page)++;
        if (IsLarge(head))
        {
            _s.Large[head].AddLargeMapCount(1, mm.MmId);
        }
        if ((_s.Memory.Flags(head) & PageFlags.Anon) == 0)
        {
            // __folio_set_anon: an exclusive folio belongs to this VMA's anon_vma, a shared one to the root.
            _s.Memory.Set(head, PageFlags.Anon);
            _s.Memory.Mapping(head) = decision.Exclusive ? vma.AnonVma : _s.AnonVmas[vma.AnonVma].Root;
            _s.Memory.Index(head) = vma.LinearIndex(address) - (page - head);
        }
        if (decision.Exclusive)
        {
            SetAnonExclusive(page);
        }
        ptes[ti] = Pte.Make(page, bits).Value;
        mm.AnonPages++;
        mm.SwapEntries--;
        EmitFault(process, address, kind, FaultHandler.Swap, FaultOutcome.SwapIn, 0, page, 0,
            (bypass ? "read from a synchronous device, skipping the swap cache" : readIn ? "read from swap" : "swap cache hit") + (ctx.Reason.Length > 0 ? "; " + ctx.Reason : string.Empty));
        if (write && !decision.Writable)
        {
            return DoWpPage(process, vma, address, kind);
        }
        return FaultResult.Done;
    }

    /// <summary>
    /// ksm_might_need_to_copy: a KSM page with its stable node is mapped as it is; so is a page with
    /// no anon_vma yet, or one of this VMA's anon_vma tree at this index; any other page (a KSM page
    /// swapped out, freed and read back by another of its mappers) gets a private copy, which this
    /// fault maps instead. Returns the folio to map (the same head, a new one, or -1 when out of memory).
    /// </summary>
    private int KsmMightNeedToCopy(Process process, Vma vma, long address, int head, int page)
    {
        if (IsLarge(head) || (_s.Memory.Flags(head) & PageFlags.Anon) == 0)
        {
            return head;
        }
        if (IsKsm(head))
        {
            return head;
        }
        var mapping = _s.Memory.Mapping(head);
        if (FindAnonVma(mapping) is not { } anonVma || vma.AnonVma == 0 ||
            (anonVma.Root == _s.AnonVmas[vma.AnonVma].Root && _s.Memory.Index(head) == vma.LinearIndex(address)))
        {
            return head;
        }
        var fresh = AllocFolio(0);
        if (fresh < 0)
        {
            return -1;
        }
        EmitDecision(null, "ksm_might_need_to_copy", $"page of another anon_vma ({mapping}, not {vma.AnonVma}'s tree) -> a private copy", null);
        _s.Memory.CopyContents(page, fresh);
        _s.Memory.Set(fresh, PageFlags.Dirty);
        LruAdd(fresh);
        return fresh;
    }

    /// <summary>
    /// swap_cache_get_folio, else __read_swap_cache_async: a new folio holding the slot's data in
    /// the swap cache and the LRU-add batch. Returns the head, the page for this slot, and
    /// whether it was read now (then the allocation's reference is the fault's own).
    /// </summary>
    private (int Head, int Page, bool ReadIn) SwapCacheGetOrRead(int slot)
    {
        var cached = _s.Swap.CachedFolio(slot);
        if (cached != 0)
        {
            return (cached, cached + (slot - _s.SwapSlot[cached]), false);
        }
        var head = AllocFolio(0);
        if (head < 0)
        {
            return (-1, -1, false);
        }
        _s.Memory.SetImage(head, _s.Swap.Read(slot));
        AddToSwapCache(head, slot);
        LruAdd(head);
        Stats.Count(VmEvent.PswpIn);
        return (head, head, true);
    }

    /// <summary>
    /// do_swap_page's skip-swapcache branch: a new folio with the slot's data, on the LRU-add batch
    /// and never in the swap cache; the fault's swap_free then frees the slot.
    /// </summary>
    private (int Head, int Page, bool ReadIn) ReadSkippingSwapCache(int slot)
    {
        var head = AllocFolio(0);
        if (head < 0)
        {
            return (-1, -1, false);
        }
        _s.Memory.SetImage(head, _s.Swap.Read(slot));
        _s.Memory.Set(head, PageFlags.Dirty);
        LruAdd(head);
        Stats.Count(VmEvent.PswpIn);
        return (head, head, true);
    }

    /// <summary>swap_free: one swap PTE fewer for this slot; the slot is free when nothing refers to it.</summary>
    internal void SwapFree(int slot)
    {
        _s.Swap.Put(slot);
        _s.Swap.FreeIfUnused(slot);
    }

    /// <summary>MADV_WILLNEED on swap entries: read them into the swap cache without mapping them.</summary>
    private Errno MadviseWillNeed(Process process, long start, long end)
    {
        foreach (var vma in process.Mm.VmasIn(start, end).ToList())
        {
            for (var addr = Math.Max(start, vma.Start); addr < Math.Min(end, vma.End); addr += PageTable.PageSize)
            {
                var pte = process.Mm.PageTable.GetPte(addr);
                if (pte.IsSwap && _s.Swap.CachedFolio(pte.SwapOffset) == 0)
                {
                    var (head, _, _) = SwapCacheGetOrRead(pte.SwapOffset);
                    if (head < 0)
                    {
                        return Errno.ENOMEM;
                    }
                    FolioPut(head);
                }
            }
        }
        return Errno.Ok;
    }
}
