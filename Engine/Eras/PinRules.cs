namespace MmDsl.Engine.Eras;

/// <summary>The rules for pinned pages that fork and GUP apply; each era picks its own in its Era* class.</summary>
internal static class PinRules
{
    public const string NoForkCopy = "no early copy at fork";

    public const string ForkCopyMaybePinnedRule = "is_cow_mapping && has_pinned && page_maybe_dma_pinned";

    public const string ForkCopyExclusiveRule = "PageAnonExclusive && folio_needs_cow_for_dma";

    /// <summary>
    /// copy_present_page 5.9-5.18 (70e806e4e645): a COW mapping of an mm that has pinned pages,
    /// and the page may be DMA-pinned: the child gets a copy now. Any normal page, anon or not.
    /// </summary>
    public static bool ForkCopyMaybePinned(ForkPage page) => page.CowMapping && page.SrcHasPinned && page.MaybeDmaPinned;

    /// <summary>
    /// page_try_dup_anon_rmap / folio_try_dup_anon_rmap_* (5.19+): an exclusive anon page of a COW
    /// mapping in an mm with MMF_HAS_PINNED that may be pinned cannot be shared: the child gets a
    /// copy. Anything else is shared and loses PG_anon_exclusive.
    /// </summary>
    public static bool ForkCopyExclusive(ForkPage page) =>
        page.IsAnon && page.PageAnonExclusive && page.CowMapping && page.SrcHasPinned && page.MaybeDmaPinned;

    /// <summary>
    /// gup_must_unshare (a7f226604170): a R/O FOLL_PIN of an anon page that is not
    /// PG_anon_exclusive; with <paramref name="nonAnonLongterm"/> (6.2+, 84209e87c696) also a
    /// FOLL_LONGTERM pin in a COW mapping of a page that is not anon, such as the zero page.
    /// </summary>
    public static bool GupMustUnshare(GupPage page, bool nonAnonLongterm)
    {
        if (!page.Pin || page.Write)
        {
            return false;
        }
        if (page.IsAnon)
        {
            return !page.PageAnonExclusive;
        }
        return nonAnonLongterm && page.LongTerm && page.CowMapping;
    }
}
