namespace MmDsl.Engine.Eras;

/// <summary>
/// 5.18: COW fixes part 1. do_wp_page drains the LRU batch and frees the swap cache before
/// testing the refcount (53a05ad9f21d, d4c470970d45); do_huge_pmd_wp_page decides by refcount
/// too (3bff7e3f1f16), closing CVE-2020-29374 for THP and swap.
/// Checked: do_wp_page of 5.18 in the order of linux-cow-eras.md 14.1, and do_swap_page with
/// should_try_to_free_swap as corrected there (c145e0b47c77, 14.1).
/// </summary>
internal sealed class Era518 : EraPolicy
{
    public Era518(KernelVersion version, EraInfo era)
        : base(version, era)
    {
    }

    /// <summary>do_wp_page 5.18 (text verified in linux-cow-eras.md 14.1): the small-folio refcount test, inline.</summary>
    public override WpVerdict DoWpPage(IWpFolio folio) =>
        WpReuse.CanReuseAnonFolio(folio, "do_wp_page") ? WpVerdict.Reuse : WpVerdict.Copy;

    /// <summary>do_huge_pmd_wp_page 5.18: refcount &gt; 1 + swapcache*nr -> split; free swap; refcount 1 -> reuse.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) => WpReuse.HugePmdByRefcount(folio);

    /// <summary>do_swap_page 5.18: map writable on a write fault iff the page bypassed the swap cache or refcount == 1.</summary>
    public override SwapInDecision DoSwapPage(ISwapInFolio folio) =>
        SwapInReuse.ByRefcount(folio, swpExclusive: false, writableOnReadFault: false, anonExclusive: false);

    public override bool ForkCopiesPage(ForkPage page) => PinRules.ForkCopyMaybePinned(page);

    public override string ForkCopyRule => PinRules.ForkCopyMaybePinnedRule;

    public override Fact ForkCopyFact => Fact.ForkCopiesMaybePinned;

    /// <summary>No unshare fault before 5.19.</summary>
    public override bool GupMustUnshare(GupPage page) => false;
}
