namespace MmDsl.Engine.Eras;

/// <summary>
/// 6.15 - 6.18: MM owner tracking for large folios (6af8cb80d3a9) lets do_wp_page reuse a page
/// of a PTE-mapped large folio when only this MM maps it and every reference is a mapping
/// (1da190f4d0a6, __wp_can_reuse_large_anon_folio).
/// Checked: __wp_can_reuse_large_anon_folio read in the CONFIG_MM_ID patch of the series, and
/// folio_add_large_mapcount/folio_sub_large_mapcount in its include/linux/rmap.h (slot taken,
/// shared bit set when other mappings exist, slot freed below zero, bit cleared when one slot
/// holds every mapping). The large folio's anon_vma is not moved on reuse, as in the patch.
/// </summary>
internal sealed class Era615 : EraPolicy
{
    public Era615(KernelVersion version, EraInfo era)
        : base(version, era)
    {
    }

    /// <summary>
    /// do_wp_page 6.15+: PageAnonExclusive -> reuse; a large folio -> __wp_can_reuse_large_anon_folio
    /// (the anon_vma is not moved: other pages of the folio may be mapped by other VMAs of this
    /// MM); else the small-folio refcount test, then folio_move_anon_rmap.
    /// </summary>
    public override WpVerdict DoWpPage(IWpFolio folio)
    {
        if (folio.PageAnonExclusive)
        {
            folio.Step("do_wp_page", Fact.HasAnonExclusive, $"PageAnonExclusive -> wp_page_reuse");
            return WpVerdict.Reuse;
        }
        if (folio.IsLarge)
        {
            return WpReuse.CanReuseLargeAnonFolio(folio) ? WpVerdict.Reuse : WpVerdict.Copy;
        }
        if (!WpReuse.CanReuseAnonFolio(folio, "wp_can_reuse_anon_folio"))
        {
            return WpVerdict.Copy;
        }
        folio.MoveAnonRmap();
        return WpVerdict.Reuse;
    }

    /// <summary>do_huge_pmd_wp_page 5.19+: PageAnonExclusive(head) -> reuse; else the refcount test, moving the anon_vma on reuse.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) => WpReuse.HugePmdAnonExclusive(folio);

    /// <summary>do_swap_page 6.11+: the swap PTE's exclusive bit; an exclusive page is mapped writable on read faults too.</summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio) =>
        SwapInReuse.ByRefcount(folio, swpExclusive: true, writableOnReadFault: Has(Fact.ExclusiveSwapInWritableOnReadFault), anonExclusive: true);

    public override bool ForkCopiesPage(ForkPage page) => PinRules.ForkCopyExclusive(page);

    public override string ForkCopyRule => PinRules.ForkCopyExclusiveRule;

    public override Fact ForkCopyFact => Fact.ForkCopiesPinnedExclusiveAnon;

    public override bool GupMustUnshare(GupPage page) => PinRules.GupMustUnshare(page, Has(Fact.GupUnsharesNonAnonLongterm));
}
