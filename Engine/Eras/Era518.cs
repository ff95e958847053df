namespace MmDsl.Engine.Eras;

/// <summary>
/// 5.18: COW fixes part 1. do_wp_page drains the LRU batch and frees the swap cache before
/// testing the refcount (53a05ad9f21d, d4c470970d45); do_huge_pmd_wp_page decides by refcount
/// too (3bff7e3f1f16), closing CVE-2020-29374 for THP and swap.
/// Checked: do_wp_page of 5.18 in the order of linux-cow-eras.md 14.1, and do_swap_page with
/// should_try_to_free_swap as corrected there (c145e0b47c77, 14.1).
/// </summary>
public class Era518 : Era59
{
    public Era518(KernelVersion version)
        : base(version)
    {
    }

    public override string Name => "5.18";

    public override string Range => "5.18";

    public override string Summary => "refcount COW with LRU drain and swap-cache freeing";

    /// <summary>
    /// do_swap_page 5.18 (c145e0b47c77): drain the LRU batch for a write fault on a swap-cache
    /// page; swap_free; should_try_to_free_swap (write fault and refcount == 2); map writable on a
    /// write fault iff the page bypassed the swap cache or refcount == 1.
    /// </summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio)
    {
        if (folio.Write && folio.FromSwapCache && !folio.OnLru)
        {
            folio.Step("do_swap_page", $"write fault on a swap-cache page not on the LRU -> lru_add_drain");
            folio.LruAddDrain();
        }
        folio.SwapFree();
        TryFreeSwapCache(folio);
        var exclusive = SwapInExclusive(folio);
        var sole = !folio.FromSwapCache || folio.RefCount == 1;
        if (exclusive || sole)
        {
            var writable = MapsWritable(folio);
            folio.Step("do_swap_page", $"{(exclusive ? "swap entry exclusive" : folio.FromSwapCache ? "refcount 1" : "fresh page, not in the swap cache")} -> {(writable ? "map writable" : "map R/O, exclusive")}");
            return new SwapInDecision(writable, HasAnonExclusive);
        }
        folio.Step("do_swap_page", $"refcount {folio.RefCount} != 1{(folio.InSwapCache ? " (swapcache)" : string.Empty)} -> map R/O{(folio.Write ? ", then do_wp_page" : string.Empty)}");
        return new SwapInDecision(false, false);
    }

    /// <summary>should_try_to_free_swap: swap full, or a write fault with only the swap cache and this fault holding the page.</summary>
    protected static void TryFreeSwapCache(ISwapInFolio folio)
    {
        if (!folio.InSwapCache)
        {
            return;
        }
        var wanted = folio.SwapFull || (folio.Write && folio.RefCount == 1 + folio.NrPages);
        if (!wanted)
        {
            return;
        }
        var freed = folio.FreeSwap();
        folio.Step("should_try_to_free_swap", $"{(folio.SwapFull ? "swap more than half full" : $"write fault, refcount {1 + folio.NrPages}")} -> try_to_free_swap {(freed ? "freed" : "failed: swap entry still used")}");
    }

    /// <summary>Is the swapped-in page certainly exclusive without looking at the refcount? (5.19+: the swp pte bit.)</summary>
    protected virtual bool SwapInExclusive(ISwapInFolio folio) => false;

    /// <summary>Map writable: on a write fault (6.11+: on any fault, c18160dba5ff).</summary>
    protected virtual bool MapsWritable(ISwapInFolio folio) => folio.Write;

    /// <summary>do_wp_page 5.18 (text verified in linux-cow-eras.md 14.1).</summary>
    public override WpVerdict DoWpPage(IWpFolio folio) =>
        CanReuseAnonFolio(folio, "do_wp_page") ? WpVerdict.Reuse : WpVerdict.Copy;

    /// <summary>
    /// The small-folio test of 5.18 onward (wp_can_reuse_anon_folio from 6.7): refcount &gt; 3 ->
    /// copy; not on LRU -> lru_add_drain; refcount &gt; 1 + swapcache -> copy; lock; free swap
    /// cache; refcount != 1 -> copy.
    /// </summary>
    protected bool CanReuseAnonFolio(IWpFolio folio, string function)
    {
        if (folio.RefCount > 3)
        {
            folio.Step(function, $"refcount {folio.RefCount} > 3 -> wp_page_copy");
            return false;
        }
        if (!folio.OnLru)
        {
            folio.Step(function, $"!folio_test_lru -> lru_add_drain");
            folio.LruAddDrain();
        }
        var swapcache = folio.InSwapCache ? 1 : 0;
        if (folio.RefCount > 1 + swapcache)
        {
            folio.Step(function, $"refcount {folio.RefCount} > 1 + swapcache {swapcache} -> wp_page_copy");
            return false;
        }
        if (folio.InSwapCache)
        {
            var freed = folio.FreeSwap();
            folio.Step(function, $"in swap cache -> folio_free_swap {(freed ? "freed" : "failed: swap count " + folio.SwapCount)}");
        }
        if (folio.RefCount != 1)
        {
            folio.Step(function, $"refcount {folio.RefCount} != 1 -> wp_page_copy");
            return false;
        }
        folio.Step(function, $"refcount 1 -> wp_page_reuse");
        return true;
    }

    /// <summary>do_huge_pmd_wp_page 5.18: refcount &gt; 1 + swapcache*nr -> split; free swap; refcount 1 -> reuse.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio)
    {
        var swapcache = folio.InSwapCache ? folio.NrPages : 0;
        if (folio.RefCount > 1 + swapcache)
        {
            folio.Step("do_huge_pmd_wp_page", $"refcount {folio.RefCount} > 1 + swapcache {swapcache} -> __split_huge_pmd, fallback");
            return HugeWpVerdict.SplitFallback;
        }
        if (folio.InSwapCache)
        {
            folio.FreeSwap();
        }
        if (folio.RefCount == 1)
        {
            folio.Step("do_huge_pmd_wp_page", $"refcount 1 -> reuse pmd");
            return HugeWpVerdict.Reuse;
        }
        folio.Step("do_huge_pmd_wp_page", $"refcount {folio.RefCount} != 1 -> __split_huge_pmd, fallback");
        return HugeWpVerdict.SplitFallback;
    }
}
