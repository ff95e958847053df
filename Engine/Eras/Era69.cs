namespace MmDsl.Engine.Eras;

/// <summary>
/// 6.9 - 6.14: a page of a PTE-mapped large folio is never reused, not even the last one
/// (cd197c3a2040); the LRU-add batch holds 31 (9cecde80aae0); fork batches PTEs of large folios
/// (f8d937761d65). Within the era (facts of <see cref="EraFacts"/>): _large_mapcount (6.10),
/// exclusive swap-ins mapped writable on read faults (6.11), a fresh THP on a huge-zero write
/// fault (6.13).
/// Checked: cd197c3a2040 (14.2), the batch of 31 (9cecde80aae0, 14.4), _large_mapcount in 6.10
/// (14.8), the huge-zero write fault in 6.13 (14.7). Still unverified: the release in which the
/// deferred split queue began to skip folios with nothing mapped (about 6.10, 14.10), modelled at 6.10.
/// </summary>
internal sealed class Era69 : EraPolicy
{
    private const string ReuseFunction = "wp_can_reuse_anon_folio";

    public Era69(KernelVersion version, EraInfo era)
        : base(version, era)
    {
    }

    /// <summary>
    /// do_wp_page 6.9-6.14: PageAnonExclusive -> reuse; a large folio -> copy
    /// (wp_can_reuse_anon_folio: folio_test_large, cd197c3a2040); else the small-folio refcount
    /// test, then folio_move_anon_rmap.
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
            folio.Step(ReuseFunction, Fact.WpCopiesLargeFolio, $"folio_test_large (order {System.Numerics.BitOperations.Log2((uint)folio.NrPages)}) -> wp_page_copy");
            return WpVerdict.Copy;
        }
        if (!WpReuse.CanReuseAnonFolio(folio, ReuseFunction))
        {
            return WpVerdict.Copy;
        }
        folio.MoveAnonRmap();
        return WpVerdict.Reuse;
    }

    /// <summary>do_huge_pmd_wp_page 5.19+: PageAnonExclusive(head) -> reuse; else the refcount test, moving the anon_vma on reuse.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) => WpReuse.HugePmdAnonExclusive(folio);

    /// <summary>do_swap_page 5.19+: the swap PTE's exclusive bit; writable on read faults from 6.11 (c18160dba5ff).</summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio) =>
        SwapInReuse.ByRefcount(folio, swpExclusive: true, writableOnReadFault: Has(Fact.ExclusiveSwapInWritableOnReadFault), anonExclusive: true);

    public override bool ForkCopiesPage(ForkPage page) => PinRules.ForkCopyExclusive(page);

    public override string ForkCopyRule => PinRules.ForkCopyExclusiveRule;

    public override Fact ForkCopyFact => Fact.ForkCopiesPinnedExclusiveAnon;

    public override bool GupMustUnshare(GupPage page) => PinRules.GupMustUnshare(page, Has(Fact.GupUnsharesNonAnonLongterm));
}
