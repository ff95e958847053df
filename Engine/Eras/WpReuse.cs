namespace MmDsl.Engine.Eras;

/// <summary>
/// The reuse tests of the write-fault path, one method per kernel function, from which each era's
/// do_wp_page and do_huge_pmd_wp_page (in its Era* class) is assembled.
/// </summary>
internal static class WpReuse
{
    /// <summary>
    /// do_wp_page's KSM branch, null when the folio is not KSM. Before 5.1 and from 5.9 (09854ba94c6a)
    /// a KSM page is always copied; 5.1 - 5.8 (52d1e606ee73) reuse_ksm_page reuses one that is not in
    /// the swap cache and has page_count 1.
    /// </summary>
    public static WpVerdict? Ksm(IWpFolio folio, EraPolicy era, string function)
    {
        if (!folio.IsKsm)
        {
            return null;
        }
        if (era.Has(Fact.KsmWpReusesSoleMapping))
        {
            if (!folio.InSwapCache && folio.RefCount == 1)
            {
                folio.Step("reuse_ksm_page", Fact.KsmWpReusesSoleMapping, $"PageKsm, page_count 1, not in swap cache -> page_move_anon_rmap, wp_page_reuse");
                return WpVerdict.Reuse;
            }
            folio.Step(function, Fact.KsmWpReusesSoleMapping, $"PageKsm, {(folio.InSwapCache ? "in swap cache" : $"page_count {folio.RefCount} != 1")} -> wp_page_copy");
            return WpVerdict.Copy;
        }
        folio.Step(function, Fact.KsmWpCopies, $"PageKsm -> wp_page_copy (mapcount {folio.PageMapCount}, refcount {folio.RefCount})");
        return WpVerdict.Copy;
    }

    /// <summary>
    /// reuse_swap_page (mm/swapfile.c, ≤5.17): reuse iff page_trans_huge_map_swapcount &lt;= 1,
    /// dropping the swap cache when the count is 1; the refcount is ignored.
    /// </summary>
    public static WpVerdict ReuseSwapPage(IWpFolio folio, string caller, string reuse, string copy, Fact rule)
    {
        var count = folio.MapSwapCount;
        if (count == 1 && folio.InSwapCache && (!folio.IsLarge || folio.SwapCount <= 1))
        {
            folio.Step("reuse_swap_page", rule, $"map+swap count 1, in swap cache -> delete_from_swap_cache");
            folio.DeleteFromSwapCache();
        }
        if (count <= 1)
        {
            folio.Step(caller, rule, $"reuse_swap_page: map+swap count {count} <= 1 (refcount {folio.RefCount} ignored) -> {reuse}");
            if (folio.FolioMapCount + folio.SwapCount == 1)
            {
                folio.MoveAnonRmap();
            }
            return WpVerdict.Reuse;
        }
        folio.Step(caller, rule, $"reuse_swap_page: map+swap count {count} > 1 -> {copy}");
        return WpVerdict.Copy;
    }

    /// <summary>
    /// The small-folio test of 5.18 onward (53a05ad9f21d, d4c470970d45; wp_can_reuse_anon_folio
    /// from 6.7): refcount &gt; 3 -> copy; not on LRU -> lru_add_drain; refcount &gt; 1 + swapcache
    /// -> copy; lock; free swap cache; refcount != 1 -> copy.
    /// </summary>
    public static bool CanReuseAnonFolio(IWpFolio folio, string function)
    {
        if (folio.IsKsm)
        {
            folio.Step(function, Fact.KsmWpCopies, $"PageKsm -> wp_page_copy (mapcount {folio.PageMapCount}, refcount {folio.RefCount})");
            return false;
        }
        if (folio.RefCount > 3)
        {
            folio.Step(function, Fact.WpReuseDrainsLruBatch, $"refcount {folio.RefCount} > 3 -> wp_page_copy");
            return false;
        }
        if (!folio.OnLru)
        {
            folio.Step(function, Fact.WpReuseDrainsLruBatch, $"!folio_test_lru -> lru_add_drain");
            folio.LruAddDrain();
        }
        var swapcache = folio.InSwapCache ? 1 : 0;
        if (folio.RefCount > 1 + swapcache)
        {
            folio.Step(function, Fact.WpReuseDrainsLruBatch, $"refcount {folio.RefCount} > 1 + swapcache {swapcache} -> wp_page_copy");
            return false;
        }
        if (folio.InSwapCache)
        {
            var freed = folio.FreeSwap();
            folio.Step(function, Fact.WpReuseFreesSwapCache, $"in swap cache -> folio_free_swap {(freed ? "freed" : "failed: swap count " + folio.SwapCount)}");
        }
        if (folio.RefCount != 1)
        {
            folio.Step(function, Fact.WpReuseFreesSwapCache, $"refcount {folio.RefCount} != 1 -> wp_page_copy");
            return false;
        }
        folio.Step(function, Fact.WpReuseFreesSwapCache, $"refcount 1 -> wp_page_reuse");
        return true;
    }

    /// <summary>
    /// __wp_can_reuse_large_anon_folio (CONFIG_MM_ID, 1da190f4d0a6): large mapcount &lt;= 1 -> copy
    /// (free the folio sooner); MAYBE_SHARED -> copy; in swap cache -> free it; large mapcount !=
    /// refcount -> copy; else reuse the faulting page only.
    /// </summary>
    public static bool CanReuseLargeAnonFolio(IWpFolio folio)
    {
        const string fn = "__wp_can_reuse_large_anon_folio";
        if (folio.FolioMapCount <= 1)
        {
            folio.Step(fn, Fact.WpReusesLargeFolioOfOneMm, $"large mapcount {folio.FolioMapCount} <= 1 -> wp_page_copy");
            return false;
        }
        if (folio.MaybeMappedShared)
        {
            folio.Step(fn, Fact.WpReusesLargeFolioOfOneMm, $"MM ids: maybe mapped shared -> wp_page_copy");
            return false;
        }
        if (folio.InSwapCache)
        {
            var freed = folio.FreeSwap();
            folio.Step(fn, Fact.WpReusesLargeFolioOfOneMm, $"in swap cache -> folio_free_swap {(freed ? "freed" : "failed")}");
        }
        if (folio.FolioMapCount != folio.RefCount)
        {
            folio.Step(fn, Fact.WpReusesLargeFolioOfOneMm, $"large mapcount {folio.FolioMapCount} != refcount {folio.RefCount} -> wp_page_copy");
            return false;
        }
        folio.Step(fn, Fact.WpReusesLargeFolioOfOneMm, $"mapped exclusively, large mapcount {folio.FolioMapCount} == refcount -> wp_page_reuse");
        return true;
    }

    /// <summary>
    /// do_huge_pmd_wp_page's refcount test (5.18+, 3bff7e3f1f16): refcount &gt; 1 + swapcache*nr
    /// -> split; free swap; refcount 1 -> reuse.
    /// </summary>
    public static HugeWpVerdict HugePmdByRefcount(IWpFolio folio)
    {
        var swapcache = folio.InSwapCache ? folio.NrPages : 0;
        if (folio.RefCount > 1 + swapcache)
        {
            folio.Step("do_huge_pmd_wp_page", Fact.HugeWpDecidesByRefcount, $"refcount {folio.RefCount} > 1 + swapcache {swapcache} -> __split_huge_pmd, fallback");
            return HugeWpVerdict.SplitFallback;
        }
        if (folio.InSwapCache)
        {
            folio.FreeSwap();
        }
        if (folio.RefCount == 1)
        {
            folio.Step("do_huge_pmd_wp_page", Fact.HugeWpDecidesByRefcount, $"refcount 1 -> reuse pmd");
            return HugeWpVerdict.Reuse;
        }
        folio.Step("do_huge_pmd_wp_page", Fact.HugeWpDecidesByRefcount, $"refcount {folio.RefCount} != 1 -> __split_huge_pmd, fallback");
        return HugeWpVerdict.SplitFallback;
    }

    /// <summary>do_huge_pmd_wp_page 5.19+: PageAnonExclusive(head) -> reuse; else the refcount test, moving the anon_vma on reuse.</summary>
    public static HugeWpVerdict HugePmdAnonExclusive(IWpFolio folio)
    {
        if (folio.PageAnonExclusive)
        {
            folio.Step("do_huge_pmd_wp_page", Fact.HasAnonExclusive, $"PageAnonExclusive -> reuse pmd");
            return HugeWpVerdict.Reuse;
        }
        var verdict = HugePmdByRefcount(folio);
        if (verdict == HugeWpVerdict.Reuse)
        {
            folio.MoveAnonRmap();
        }
        return verdict;
    }
}
