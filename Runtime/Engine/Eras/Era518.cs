namespace MmDsl.Runtime.Engine.Eras;

/// <summary>
/// 5.18: COW fixes part 1. do_wp_page drains the LRU batch and frees the swap cache before
/// testing the refcount (53a05ad9f21d, d4c470970d45); do_huge_pmd_wp_page decides by refcount
/// too (3bff7e3f1f16), closing CVE-2020-29374 for THP and swap.
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
            folio.Step(function, $"refcount {folio.RefCount} > 3 -> copy");
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
            folio.Step(function, $"refcount {folio.RefCount} > 1 + swapcache {swapcache} -> copy");
            return false;
        }
        if (folio.InSwapCache)
        {
            var freed = folio.FreeSwap();
            folio.Step(function, $"in swap cache -> folio_free_swap {(freed ? "freed" : "failed: swap count " + folio.SwapCount)}");
        }
        if (folio.RefCount != 1)
        {
            folio.Step(function, $"refcount {folio.RefCount} != 1 -> copy");
            return false;
        }
        folio.Step(function, $"refcount 1 -> reuse");
        return true;
    }

    /// <summary>do_huge_pmd_wp_page 5.18: refcount &gt; 1 + swapcache*nr -> split; free swap; refcount 1 -> reuse.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio)
    {
        var swapcache = folio.InSwapCache ? folio.NrPages : 0;
        if (folio.RefCount > 1 + swapcache)
        {
            folio.Step("do_huge_pmd_wp_page", $"refcount {folio.RefCount} > 1 + swapcache {swapcache} -> split pmd, fallback");
            return HugeWpVerdict.SplitFallback;
        }
        if (folio.InSwapCache)
        {
            folio.FreeSwap();
        }
        if (folio.RefCount == 1)
        {
            folio.Step("do_huge_pmd_wp_page", $"refcount 1 -> reuse");
            return HugeWpVerdict.Reuse;
        }
        folio.Step("do_huge_pmd_wp_page", $"refcount {folio.RefCount} != 1 -> split pmd, fallback");
        return HugeWpVerdict.SplitFallback;
    }
}
