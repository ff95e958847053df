namespace MmDsl.Engine.Eras;

/// <summary>
/// 5.19 - 6.8: PG_anon_exclusive (6c287605fd56). An exclusive page is reused at once; fork clears
/// the flag (or copies a maybe-pinned exclusive page); R/O pins unshare first (a7f226604170).
/// Within the era (facts of <see cref="EraFacts"/>): mprotect maps exclusive pages writable (6.0),
/// PageDoubleMap goes and long-term pins unshare non-anon pages (6.2), the reuse test moves into
/// wp_can_reuse_anon_folio (6.7), mTHP arrives (6.8).
/// Checked: PageAnonExclusive first, then the 5.18 test, then page_move_anon_rmap (14.2); the
/// reuse of the last PTE of a large folio by refcount until 6.8 (Barry Song's changelog, 14.2);
/// the swap PTE's exclusive bit (1493a1913e34) and c18160dba5ff's writable read fault (14.6).
/// </summary>
internal sealed class Era519 : EraPolicy
{
    public Era519(KernelVersion version, EraInfo era)
        : base(version, era)
    {
    }

    /// <summary>
    /// do_wp_page 5.19+: PageAnonExclusive -> reuse; else the 5.18 refcount test
    /// (wp_can_reuse_anon_folio since 6.7), then folio_move_anon_rmap and SetPageAnonExclusive.
    /// For a PTE-mapped large folio the refcount is the folio's, so reuse happens only for the
    /// last mapped page (Barry Song, "prohibit the last subpage...", 8 Mar 2024).
    /// </summary>
    public override WpVerdict DoWpPage(IWpFolio folio)
    {
        if (folio.PageAnonExclusive)
        {
            folio.Step("do_wp_page", Fact.HasAnonExclusive, $"PageAnonExclusive -> wp_page_reuse");
            return WpVerdict.Reuse;
        }
        var function = Has(Fact.ReuseTestInOwnFunction) ? "wp_can_reuse_anon_folio" : "do_wp_page";
        if (!WpReuse.CanReuseAnonFolio(folio, function))
        {
            return WpVerdict.Copy;
        }
        folio.MoveAnonRmap();
        return WpVerdict.Reuse;
    }

    /// <summary>do_huge_pmd_wp_page 5.19+: PageAnonExclusive(head) -> reuse; else as 5.18, moving the anon_vma on reuse.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) => WpReuse.HugePmdAnonExclusive(folio);

    /// <summary>
    /// do_swap_page 5.19+ (1493a1913e34): the swap PTE's exclusive bit, or a fresh page that
    /// bypassed the swap cache, means exclusive without a refcount test.
    /// </summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio) =>
        SwapInReuse.ByRefcount(folio, swpExclusive: true, writableOnReadFault: Has(Fact.ExclusiveSwapInWritableOnReadFault), anonExclusive: true);

    public override bool ForkCopiesPage(ForkPage page) => PinRules.ForkCopyExclusive(page);

    public override string ForkCopyRule => PinRules.ForkCopyExclusiveRule;

    public override Fact ForkCopyFact => Fact.ForkCopiesPinnedExclusiveAnon;

    public override bool GupMustUnshare(GupPage page) => PinRules.GupMustUnshare(page, Has(Fact.GupUnsharesNonAnonLongterm));
}
