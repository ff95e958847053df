namespace MmDsl.Engine.Eras;

/// <summary>
/// 5.8: THP COW splits the PMD and copies only the faulting 4K page (3917c80280c9); GUP forces a
/// COW break even for read-only pins (17839856fd58, reverted in 5.9).
/// Checked: 3917c80280c9's do_huge_pmd_wp_page (same code as 5.10, 4.3). should_force_cow_break
/// is modelled for writable private VMAs only: for a read-only private VMA the forced FOLL_WRITE
/// would need FOLL_FORCE, which MmDsl's pins never pass.
/// </summary>
public class Era58 : Era57
{
    public Era58(KernelVersion version)
        : base(version)
    {
    }

    public override string Name => "5.8";

    public override string Range => "5.8";

    public override string Summary => "THP COW splits the PMD; GUP always breaks COW";

    public override bool HugeZeroWpAllocatesThp => false;

    public override bool GupForcesCowBreak => true;

    /// <summary>do_huge_pmd_wp_page 5.8-5.17: reuse_swap_page on the head, else split the PMD and fall back.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) =>
        ReuseSwapPage(folio, "do_huge_pmd_wp_page", "reuse pmd", "__split_huge_pmd, fallback") == WpVerdict.Reuse ? HugeWpVerdict.Reuse : HugeWpVerdict.SplitFallback;
}
