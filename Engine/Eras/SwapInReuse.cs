namespace MmDsl.Engine.Eras;

/// <summary>The two shapes of do_swap_page's reuse decision; each era's DoSwapPage picks one.</summary>
internal static class SwapInReuse
{
    /// <summary>
    /// do_swap_page (≤5.17): a write fault maps the page writable iff reuse_swap_page (mapcount +
    /// swap count &lt;= 1, dropping the swap cache); the swap cache is otherwise kept unless swap is
    /// more than half full.
    /// </summary>
    public static SwapInDecision BySwapCount(ISwapInFolio folio)
    {
        var writable = false;
        if (folio.Write)
        {
            var count = folio.MapSwapCount;
            if (count <= 1)
            {
                if (count == 1 && folio.InSwapCache)
                {
                    folio.DeleteFromSwapCache();
                }
                folio.Step("do_swap_page", Fact.SwapInDecidesByMapSwapCount, $"write fault, reuse_swap_page: map+swap count {count} <= 1 -> map writable");
                writable = true;
            }
            else
            {
                folio.Step("do_swap_page", Fact.SwapInDecidesByMapSwapCount, $"write fault, reuse_swap_page: map+swap count {count} > 1 -> map R/O, then do_wp_page");
            }
        }
        else
        {
            folio.Step("do_swap_page", Fact.SwapInDecidesByMapSwapCount, $"read fault -> map R/O, keep the swap cache");
        }
        folio.SwapFree();
        if (folio.SwapFull && folio.InSwapCache)
        {
            var freed = folio.FreeSwap();
            folio.Step("do_swap_page", Fact.SwapInDecidesByMapSwapCount, $"swap more than half full -> try_to_free_swap {(freed ? "freed" : "failed")}");
        }
        return new SwapInDecision(writable, false);
    }

    /// <summary>
    /// do_swap_page 5.18+ (c145e0b47c77): drain the LRU batch for a write fault on a swap-cache
    /// page; swap_free; should_try_to_free_swap; map writable iff the page is exclusive or held by
    /// this fault alone. <paramref name="swpExclusive"/>: the swap PTE's exclusive bit counts
    /// (5.19+, 1493a1913e34); <paramref name="writableOnReadFault"/>: an exclusive page is mapped
    /// writable on a read fault too (6.11+, c18160dba5ff); <paramref name="anonExclusive"/>: the
    /// page becomes PG_anon_exclusive.
    /// </summary>
    public static SwapInDecision ByRefcount(ISwapInFolio folio, bool swpExclusive, bool writableOnReadFault, bool anonExclusive)
    {
        if (folio.Write && folio.FromSwapCache && !folio.OnLru)
        {
            folio.Step("do_swap_page", Fact.SwapInDecidesByRefcount, $"write fault on a swap-cache page not on the LRU -> lru_add_drain");
            folio.LruAddDrain();
        }
        folio.SwapFree();
        TryFreeSwapCache(folio);
        var exclusive = swpExclusive && (folio.SwpExclusive || !folio.FromSwapCache);
        var sole = !folio.FromSwapCache || folio.RefCount == 1;
        if (exclusive || sole)
        {
            var writable = writableOnReadFault ? folio.VmWrite : folio.Write;
            var rule = writable && !folio.Write ? Fact.ExclusiveSwapInWritableOnReadFault
                : exclusive && folio.FromSwapCache ? Fact.SwapPteRemembersExclusive
                : Fact.SwapInDecidesByRefcount;
            folio.Step("do_swap_page", rule, $"{(exclusive ? "swap entry exclusive" : folio.FromSwapCache ? "refcount 1" : "fresh page, not in the swap cache")} -> {(writable ? "map writable" : "map R/O, exclusive")}");
            return new SwapInDecision(writable, anonExclusive);
        }
        folio.Step("do_swap_page", Fact.SwapInDecidesByRefcount, $"refcount {folio.RefCount} != 1{(folio.InSwapCache ? " (swapcache)" : string.Empty)} -> map R/O{(folio.Write ? ", then do_wp_page" : string.Empty)}");
        return new SwapInDecision(false, false);
    }

    /// <summary>should_try_to_free_swap: swap full, or a write fault with only the swap cache and this fault holding the page.</summary>
    private static void TryFreeSwapCache(ISwapInFolio folio)
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
        folio.Step("should_try_to_free_swap", Fact.SwapInDecidesByRefcount, $"{(folio.SwapFull ? "swap more than half full" : $"write fault, refcount {1 + folio.NrPages}")} -> try_to_free_swap {(freed ? "freed" : "failed: swap entry still used")}");
    }
}
