namespace MmDsl.Engine.Eras;

/// <summary>
/// 5.19 - 6.8: PG_anon_exclusive (6c287605fd56). An exclusive page is reused at once; fork clears
/// the flag (or copies a maybe-pinned exclusive page); R/O pins unshare first (a7f226604170).
/// Within the era: mprotect maps exclusive pages writable (6.0, 64fe24a3e05e), PageDoubleMap goes
/// (6.2), pinning the zero page takes no reference (6.5), mTHP arrives (6.8).
/// Checked: PageAnonExclusive first, then the 5.18 test, then page_move_anon_rmap (14.2); the
/// reuse of the last PTE of a large folio by refcount until 6.8 (Barry Song's changelog, 14.2);
/// the swap PTE's exclusive bit (1493a1913e34) and c18160dba5ff's writable read fault (14.6).
/// </summary>
public class Era519 : Era518
{
    public Era519(KernelVersion version)
        : base(version)
    {
    }

    public override string Name => "5.19-6.8";

    public override string Range => "5.19 - 6.8";

    public override string Summary => "PG_anon_exclusive; exclusive pages reused, pins unshare";

    public override bool HasAnonExclusive => true;

    public override bool HasDoubleMap => Version < new KernelVersion(6, 2);

    /// <summary>
    /// do_swap_page 5.19+ (1493a1913e34): the swap PTE's exclusive bit, or a fresh page that
    /// bypassed the swap cache, means exclusive without a refcount test.
    /// </summary>
    protected override bool SwapInExclusive(ISwapInFolio folio) => folio.SwpExclusive || !folio.FromSwapCache;

    /// <summary>c18160dba5ff (6.11): an exclusive swap-in is mapped writable even on a read fault.</summary>
    protected override bool MapsWritable(ISwapInFolio folio) =>
        Version >= new KernelVersion(6, 11) ? folio.VmWrite : folio.Write;

    /// <summary>gup_must_unshare (a7f226604170; non-anon pages from 6.2, 84209e87c696).</summary>
    public override bool GupMustUnshare(GupPage page)
    {
        if (!page.Pin || page.Write)
        {
            return false;
        }
        if (page.IsAnon)
        {
            return !page.PageAnonExclusive;
        }
        return Version >= new KernelVersion(6, 2) && page.LongTerm && page.CowMapping;
    }

    /// <summary>
    /// page_try_dup_anon_rmap / folio_try_dup_anon_rmap_* (5.19+): an exclusive anon page of a COW
    /// mapping in an mm with MMF_HAS_PINNED that may be pinned cannot be shared: the child gets a
    /// copy. Anything else is shared and loses PG_anon_exclusive.
    /// </summary>
    public override bool ForkCopiesPage(ForkPage page) =>
        page.IsAnon && page.PageAnonExclusive && page.CowMapping && page.SrcHasPinned && page.MaybeDmaPinned;

    public override string ForkCopyRule => "PageAnonExclusive && folio_needs_cow_for_dma";

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
            folio.Step("do_wp_page", $"PageAnonExclusive -> wp_page_reuse");
            return WpVerdict.Reuse;
        }
        if (!CanReuseAnonFolio(folio, ReuseFunction))
        {
            return WpVerdict.Copy;
        }
        folio.MoveAnonRmap();
        return WpVerdict.Reuse;
    }

    /// <summary>Where the reuse test lives: inline in do_wp_page until the 6.7 cleanup.</summary>
    protected string ReuseFunction => Version >= new KernelVersion(6, 7) ? "wp_can_reuse_anon_folio" : "do_wp_page";

    /// <summary>do_huge_pmd_wp_page 5.19+: PageAnonExclusive(head) -> reuse; else as 5.18, moving the anon_vma on reuse.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio)
    {
        if (folio.PageAnonExclusive)
        {
            folio.Step("do_huge_pmd_wp_page", $"PageAnonExclusive -> reuse pmd");
            return HugeWpVerdict.Reuse;
        }
        var verdict = base.DoHugePmdWpPage(folio);
        if (verdict == HugeWpVerdict.Reuse)
        {
            folio.MoveAnonRmap();
        }
        return verdict;
    }
}
