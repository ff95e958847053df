namespace MmDsl.Engine.Eras;

/// <summary>
/// ≤ 5.7: COW decided by mapcount and swap count (reuse_swap_page); refcount is ignored, so GUP
/// references never prevent reuse (CVE-2020-29374). THP COW copies the whole 2M.
/// Checked: do_wp_page and reuse_swap_page from the 5.7 source as linux-cow-eras.md 4.1 quotes
/// it; the 2M copy in do_huge_pmd_wp_page from the diff of 3917c80280c9 (4.2). The fallback to
/// 512 small copies when no THP can be had is modelled as a PMD split and one 4K copy.
/// </summary>
internal sealed class Era57 : EraPolicy
{
    public Era57(KernelVersion version, EraInfo era)
        : base(version, era)
    {
    }

    /// <summary>
    /// do_wp_page 5.7: lock the page, then reuse_swap_page: reuse iff
    /// page_trans_huge_map_swapcount &lt;= 1, dropping the swap cache when the count is 1.
    /// </summary>
    public override WpVerdict DoWpPage(IWpFolio folio) => WpReuse.Ksm(folio, this, "do_wp_page") ?? WpReuse.ReuseSwapPage(folio, "do_wp_page", "wp_page_reuse", "wp_page_copy", Fact.WpDecidesByMapSwapCount);

    /// <summary>do_huge_pmd_wp_page 5.7: reuse_swap_page on the head page, else a new THP with a 2M copy.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) =>
        WpReuse.ReuseSwapPage(folio, "do_huge_pmd_wp_page", "reuse pmd", "copy 2M into a new THP", Fact.HugeWpCopiesThp) == WpVerdict.Reuse ? HugeWpVerdict.Reuse : HugeWpVerdict.CopyThp;

    /// <summary>do_swap_page ≤5.17: reuse_swap_page on a write fault.</summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio) => SwapInReuse.BySwapCount(folio);

    /// <summary>No early copy at fork before 5.9.</summary>
    public override bool ForkCopiesPage(ForkPage page) => false;

    public override string ForkCopyRule => PinRules.NoForkCopy;

    public override Fact ForkCopyFact => Fact.ForkSharesEveryPage;

    /// <summary>No unshare fault before 5.19: a R/O pin takes the page as it is.</summary>
    public override bool GupMustUnshare(GupPage page) => false;
}
