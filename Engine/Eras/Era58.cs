namespace MmDsl.Engine.Eras;

/// <summary>
/// 5.8: THP COW splits the PMD and copies only the faulting 4K page (3917c80280c9); GUP forces a
/// COW break even for read-only pins (17839856fd58, reverted in 5.9: the fact GupForcesCowBreak).
/// Checked: 3917c80280c9's do_huge_pmd_wp_page (same code as 5.10, 4.3). should_force_cow_break
/// is modelled for writable private VMAs only: for a read-only private VMA the forced FOLL_WRITE
/// would need FOLL_FORCE, which MmDsl's pins never pass.
/// </summary>
internal sealed class Era58 : EraPolicy
{
    public Era58(KernelVersion version, EraInfo era)
        : base(version, era)
    {
    }

    /// <summary>do_wp_page 5.8: reuse_swap_page, as in 5.7.</summary>
    public override WpVerdict DoWpPage(IWpFolio folio) => WpReuse.Ksm(folio, this, "do_wp_page") ?? WpReuse.ReuseSwapPage(folio, "do_wp_page", "wp_page_reuse", "wp_page_copy", Fact.WpDecidesByMapSwapCount);

    /// <summary>do_huge_pmd_wp_page 5.8-5.17: reuse_swap_page on the head, else split the PMD and fall back.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) =>
        WpReuse.ReuseSwapPage(folio, "do_huge_pmd_wp_page", "reuse pmd", "__split_huge_pmd, fallback", Fact.HugeWpSplitsPmd) == WpVerdict.Reuse ? HugeWpVerdict.Reuse : HugeWpVerdict.SplitFallback;

    /// <summary>do_swap_page ≤5.17: reuse_swap_page on a write fault.</summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio) => SwapInReuse.BySwapCount(folio);

    /// <summary>No early copy at fork before 5.9.</summary>
    public override bool ForkCopiesPage(ForkPage page) => false;

    public override string ForkCopyRule => PinRules.NoForkCopy;

    public override Fact ForkCopyFact => Fact.ForkSharesEveryPage;

    /// <summary>No unshare fault: GUP breaks COW as a write instead (GupForcesCowBreak).</summary>
    public override bool GupMustUnshare(GupPage page) => false;
}
