namespace MmDsl.Engine.Eras;

/// <summary>
/// 5.9 - 5.17: do_wp_page reuses only when page_count == 1 (09854ba94c6a), so any extra reference
/// (swap cache, LRU-add batch, GUP) forces a copy; fork copies maybe-pinned pages at once
/// (70e806e4e645). do_huge_pmd_wp_page still decides by mapcount.
/// Checked: do_wp_page of 5.10.13 (5.1); copy_present_page's condition and its scope (any normal
/// page, anon or not) in mainline 5.9-5.18 (14.9); MMF_HAS_PINNED is 5.14 but the condition is the
/// same since 008cfe4418b3 (5.9). The 5.11 rule that keeps pinned pages out of the swap cache is a
/// fact of <see cref="EraFacts"/> (ReclaimSkipsPinned).
/// </summary>
internal sealed class Era59 : EraPolicy
{
    public Era59(KernelVersion version, EraInfo era)
        : base(version, era)
    {
    }

    /// <summary>do_wp_page 5.10: KSM or page_count != 1 -> copy; lock; mapcount or count != 1 -> copy; else reuse.</summary>
    public override WpVerdict DoWpPage(IWpFolio folio)
    {
        if (WpReuse.Ksm(folio, this, "do_wp_page") is { } ksm)
        {
            return ksm;
        }
        if (folio.RefCount != 1)
        {
            folio.Step("do_wp_page", Fact.WpReusesOnlyAtPageCount1, $"page_count {folio.RefCount} != 1{Holders(folio)} -> wp_page_copy");
            return WpVerdict.Copy;
        }
        if (folio.PageMapCount != 1)
        {
            folio.Step("do_wp_page", Fact.WpReusesOnlyAtPageCount1, $"page_mapcount {folio.PageMapCount} != 1 -> wp_page_copy");
            return WpVerdict.Copy;
        }
        folio.Step("do_wp_page", Fact.WpReusesOnlyAtPageCount1, $"page_count 1, page_mapcount 1 -> wp_page_reuse");
        return WpVerdict.Reuse;
    }

    /// <summary>do_huge_pmd_wp_page 5.8-5.17: reuse_swap_page on the head, else split the PMD and fall back.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) =>
        WpReuse.ReuseSwapPage(folio, "do_huge_pmd_wp_page", "reuse pmd", "__split_huge_pmd, fallback", Fact.HugeWpSplitsPmd) == WpVerdict.Reuse ? HugeWpVerdict.Reuse : HugeWpVerdict.SplitFallback;

    /// <summary>do_swap_page ≤5.17: reuse_swap_page on a write fault.</summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio) => SwapInReuse.BySwapCount(folio);

    public override bool ForkCopiesPage(ForkPage page) => PinRules.ForkCopyMaybePinned(page);

    public override string ForkCopyRule => PinRules.ForkCopyMaybePinnedRule;

    public override Fact ForkCopyFact => Fact.ForkCopiesMaybePinned;

    /// <summary>No unshare fault before 5.19; a308c71bf1e6 reverted 5.8's forced COW on GUP.</summary>
    public override bool GupMustUnshare(GupPage page) => false;

    /// <summary>The extra references that explain a refcount, for the trace.</summary>
    private static string Holders(IWpFolio folio)
    {
        var parts = new List<string>();
        if (folio.InSwapCache)
        {
            parts.Add($"swapcache {folio.NrPages}");
        }
        if (!folio.OnLru && !folio.IsLarge)
        {
            parts.Add("lru batch 1");
        }
        return parts.Count == 0 ? string.Empty : $" ({string.Join(", ", parts)})";
    }
}
