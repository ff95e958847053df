namespace MmDsl.Engine.Eras;

/// <summary>
/// The decisions on which kernel eras differ. One subclass per era of linux-cow-eras.md; each
/// overrides only what its era changed, and names the kernel function and commit it models.
/// Everything else is shared engine code. A policy holds no state: the machine's state is
/// passed in through small context interfaces.
/// </summary>
public abstract partial class EraPolicy
{
    protected EraPolicy(KernelVersion version)
    {
        Version = version;
    }

    /// <summary>The exact version chosen: a policy may test it for a change inside its era.</summary>
    public KernelVersion Version { get; }

    /// <summary>Short name of the era, e.g. <c>6.15+</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The versions the era covers, e.g. <c>6.15 - 6.18</c>.</summary>
    public abstract string Range { get; }

    /// <summary>One line on what defines the era.</summary>
    public abstract string Summary { get; }

    /// <summary>The era holding <paramref name="version"/>, deciding as that exact version does.</summary>
    public static EraPolicy For(KernelVersion version)
    {
        var era = EraTable.Last(e => version >= e.From || e == EraTable[0]);
        return era.Factory(version);
    }

    private sealed record EraEntry(KernelVersion From, KernelVersion Representative, Func<KernelVersion, EraPolicy> Factory);

    private static readonly EraEntry[] EraTable =
    [
        new(new(2, 6), new(5, 7), v => new Era57(v)),
        new(new(5, 8), new(5, 8), v => new Era58(v)),
        new(new(5, 9), new(5, 17), v => new Era59(v)),
        new(new(5, 18), new(5, 18), v => new Era518(v)),
        new(new(5, 19), new(6, 8), v => new Era519(v)),
        new(new(6, 9), new(6, 14), v => new Era69(v)),
        new(new(6, 15), KernelVersion.Latest, v => new Era615(v)),
    ];

    /// <summary>The eras, oldest first, each at the newest version it holds.</summary>
    public static IReadOnlyList<EraPolicy> All { get; } = EraTable.Select(e => e.Factory(e.Representative)).ToArray();

    public override string ToString() => $"{Name} ({Range})";

    // ---- Accounting ------------------------------------------------------------------------

    /// <summary>PAGEVEC_SIZE / folio batch size of the per-CPU LRU-add batch.</summary>
    public virtual int LruBatchSize => 15;

    /// <summary>PG_anon_exclusive exists (5.19+, 6c287605fd56).</summary>
    public virtual bool HasAnonExclusive => false;

    /// <summary>_large_mapcount exists (6.10+, 05c5323b2a34).</summary>
    public virtual bool HasLargeMapCount => false;

    /// <summary>PageDoubleMap exists (removed in 6.2 by cb67f4282bf9).</summary>
    public virtual bool HasDoubleMap => true;

    /// <summary>MM owner tracking of large folios (6.15+, 6af8cb80d3a9).</summary>
    public virtual bool HasMmIdTracking => false;

    /// <summary>
    /// Deferred split queues a folio only while some page is still mapped (≈6.10); before, any
    /// unmap that left a page unmapped queued it, even on the way to freeing it.
    /// </summary>
    public virtual bool DeferredSplitOnlyWhilePartiallyMapped => false;

    /// <summary>Anonymous multi-size THP (6.8+): faults may allocate 16K..1M folios.</summary>
    public virtual bool HasMthp => Version >= new KernelVersion(6, 8);

    /// <summary>
    /// mprotect(PROT_WRITE) maps PG_anon_exclusive pages writable at once, without a write fault
    /// (6.0, 64fe24a3e05e).
    /// </summary>
    public virtual bool MprotectMakesExclusiveWritable => Version >= new KernelVersion(6, 0);

    // ---- fork -----------------------------------------------------------------------------

    /// <summary>
    /// copy_present_pte / copy_huge_pmd: must the child get its own copy of this page now, instead
    /// of sharing it copy-on-write? (Never before 5.9.)
    /// </summary>
    public virtual bool ForkCopiesPage(ForkPage page) => false;

    /// <summary>The name of the test in traces.</summary>
    public virtual string ForkCopyRule => "no early copy at fork";

    // ---- GUP ------------------------------------------------------------------------------

    /// <summary>
    /// 5.8's should_force_cow_break (17839856fd58): any FOLL_GET or FOLL_PIN in a COW mapping
    /// breaks COW as a write would, so the caller gets a private page.
    /// </summary>
    public virtual bool GupForcesCowBreak => false;

    /// <summary>
    /// gup_must_unshare: a R/O FOLL_PIN must first unshare the page (FAULT_FLAG_UNSHARE) — an anon
    /// page that is not PG_anon_exclusive (5.19+), or, with FOLL_LONGTERM in a COW mapping, a page
    /// that is not anon such as the zero page (6.2+, 84209e87c696).
    /// </summary>
    public virtual bool GupMustUnshare(GupPage page) => false;

    // ---- Swap -----------------------------------------------------------------------------

    /// <summary>
    /// do_swap_page (≤5.17): a write fault maps the page writable iff reuse_swap_page (mapcount +
    /// swap count &lt;= 1, dropping the swap cache); the swap cache is otherwise kept unless swap is
    /// more than half full.
    /// </summary>
    public virtual SwapInDecision DoSwapPage(ISwapInFolio folio)
    {
        var writable = false;
        if (folio.Write)
        {
            var count = folio.MapSwapCount;
            if (count <= 1)
            {
                if (count == 1 && folio.InSwapCache)
                {
                    folio.DeleteFromSwapCache();
                }
                folio.Step("do_swap_page", $"write fault, reuse_swap_page: map+swap count {count} <= 1 -> map writable");
                writable = true;
            }
            else
            {
                folio.Step("do_swap_page", $"write fault, reuse_swap_page: map+swap count {count} > 1 -> map R/O, then do_wp_page");
            }
        }
        else
        {
            folio.Step("do_swap_page", $"read fault -> map R/O, keep the swap cache");
        }
        folio.SwapFree();
        if (folio.SwapFull && folio.InSwapCache)
        {
            var freed = folio.FreeSwap();
            folio.Step("do_swap_page", $"swap more than half full -> try_to_free_swap {(freed ? "freed" : "failed")}");
        }
        return new SwapInDecision(writable, false);
    }

    /// <summary>MADV_PAGEOUT exists (5.4, 1a4e58cce84e).</summary>
    public virtual bool HasMadvPageout => Version >= new KernelVersion(5, 4);

    /// <summary>
    /// MADV_PAGEOUT skips pages mapped more than once (12e967fd8e4e: 5.6, and 5.4.28 on).
    /// </summary>
    public virtual bool PageoutSkipsShared =>
        Version >= new KernelVersion(5, 6) || (Version.Major == 5 && Version.Minor == 4 && Version.Patch >= 28);

    /// <summary>
    /// The sharing test of MADV_PAGEOUT on a folio: page_mapcount (≤6.4), folio_estimated_sharers
    /// (6.5), folio_likely_mapped_shared (6.10), folio_maybe_mapped_shared (6.15).
    /// </summary>
    public virtual bool PageoutConsidersShared(IFolioSharing folio) =>
        Version >= new KernelVersion(6, 10) ? folio.LikelyMappedShared : folio.FirstPageMapCount != 1;

    /// <summary>Reclaim keeps a maybe-pinned page out of the swap cache (feb889fb40fa, 5.11).</summary>
    public virtual bool ReclaimSkipsPinned => Version >= new KernelVersion(5, 11);

    /// <summary>A large folio that is not PMD-sized is swapped out whole (6.10, 845982eb264b); before, it is split.</summary>
    public virtual bool SwapsOutMthpWhole => Version >= new KernelVersion(6, 10);

    // ---- THP collapse -----------------------------------------------------------------------

    /// <summary>MADV_COLLAPSE (6.1, 7d8faaf15545).</summary>
    public virtual bool HasMadvCollapse => Version >= new KernelVersion(6, 1);

    /// <summary>khugepaged collapses ranges of PTE-mapped THPs and shared pages (5.8, max_ptes_shared).</summary>
    public virtual bool KhugepagedCollapsesShared => Version >= new KernelVersion(5, 8);

    /// <summary>
    /// Collapse refuses a range with no writable PTE (SCAN_PAGE_RO) until Dev Jain's "collapse
    /// anonymous VMAs with R/O PTEs" (linux-mm, Sep 2025); a 6.18 kernel was seen collapsing a
    /// fully COW-shared, read-only PTE-mapped THP with MADV_COLLAPSE.
    /// </summary>
    public virtual bool CollapseNeedsWritablePte => Version < new KernelVersion(6, 18);

    // ---- Write faults ----------------------------------------------------------------------

    /// <summary>do_wp_page for an anonymous page mapped R/O: reuse it, or copy it.</summary>
    public abstract WpVerdict DoWpPage(IWpFolio folio);

    /// <summary>do_huge_pmd_wp_page for a PMD-mapped anonymous THP.</summary>
    public abstract HugeWpVerdict DoHugePmdWpPage(IWpFolio folio);

    /// <summary>The PGREUSE counter exists (5.9+, 798a6b87ecd7).</summary>
    public virtual bool CountsPgReuse => true;

    /// <summary>
    /// pagemap_pmd_range: whether each page under a PMD gets PM_MMAP_EXCLUSIVE from its own
    /// mapcount. Before 6.11 the PMD's first page decides for all of them (page_mapcount of
    /// pmd_page, computed once); 6.11 asks each page (2c1f057e5be6); 6.15 asks the first page again
    /// (__folio_page_mapped_exclusively(folio, page) with page = pmd_page, CONFIG_PAGE_MAPCOUNT).
    /// </summary>
    public virtual bool PagemapExclusivePerPageOfPmd => false;

    /// <summary>
    /// THP_SPLIT_PAGE(_FAILED) and THP_DEFERRED_SPLIT_PAGE count PMD-sized folios only (6.10,
    /// 835c3a25aa37 "mm: huge_memory: add the missing folio_test_pmd_mappable() for THP split
    /// statistics"); in 6.8 and 6.9 they counted multi-size THPs too. THP_FAULT_ALLOC never did:
    /// alloc_anon_folio counted nothing in /proc/vmstat.
    /// </summary>
    public virtual bool ThpSplitStatsPmdOnly => Version >= new KernelVersion(6, 10);

    /// <summary>
    /// A swap file (not a block device) cannot hold a large folio's entries, so large folios are
    /// split before they are swapped to it: scan_swap_map_slots refused order > 0 without SWP_BLKDEV
    /// from the rework that let mTHP swap out whole (845982eb264b, 6.10), as cluster_alloc_swap_entry
    /// does in 6.18 ("Swapfile is not block device so unable to allocate large entries"; checked on
    /// Linux 6.18 with a swap file: thp_swpout_fallback 1, thp_swpout 0). Before 6.10 unverified,
    /// modelled as allowed.
    /// </summary>
    public virtual bool SwapFileRefusesLargeEntries => Version >= new KernelVersion(6, 10);

    /// <summary>A write fault on the huge zero PMD allocates a fresh THP (≤5.7, 6.13+) rather than splitting it.</summary>
    public virtual bool HugeZeroWpAllocatesThp => true;
}
