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
public class Era615 : Era69
{
    public Era615(KernelVersion version)
        : base(version)
    {
    }

    public override string Name => "6.15+";

    public override string Range => $"6.15 - {KernelVersion.Latest}";

    public override string Summary => "MM owner tracking: PTE-mapped large folios reused when exclusive to the MM";

    public override bool HasMmIdTracking => true;

    /// <summary>
    /// "fs/proc/task_mmu: remove per-page mapcount dependency for PM_MMAP_EXCLUSIVE
    /// (CONFIG_NO_PAGE_MAPCOUNT)" (6.15) passes pmd_page for every page: the first page decides
    /// again. Checked against fs/proc/task_mmu.c and Linux 6.18 (scripts/800-host/pmd-mapped-exclusive.mm).
    /// </summary>
    public override bool PagemapExclusivePerPageOfPmd => false;

    /// <summary>MADV_PAGEOUT asks folio_maybe_mapped_shared from 6.15.</summary>
    public override bool PageoutConsidersShared(IFolioSharing folio) => folio.MaybeMappedShared;

    /// <summary>
    /// __wp_can_reuse_large_anon_folio (CONFIG_MM_ID): large mapcount &lt;= 1 -> copy (free the
    /// folio sooner); MAYBE_SHARED -> copy; in swap cache -> free it; large mapcount != refcount
    /// -> copy; else reuse the faulting page only.
    /// </summary>
    protected override bool CanReuseLargeAnonFolio(IWpFolio folio)
    {
        const string fn = "__wp_can_reuse_large_anon_folio";
        if (folio.FolioMapCount <= 1)
        {
            folio.Step(fn, $"large mapcount {folio.FolioMapCount} <= 1 -> wp_page_copy");
            return false;
        }
        if (folio.MaybeMappedShared)
        {
            folio.Step(fn, $"MM ids: maybe mapped shared -> wp_page_copy");
            return false;
        }
        if (folio.InSwapCache)
        {
            var freed = folio.FreeSwap();
            folio.Step(fn, $"in swap cache -> folio_free_swap {(freed ? "freed" : "failed")}");
        }
        if (folio.FolioMapCount != folio.RefCount)
        {
            folio.Step(fn, $"large mapcount {folio.FolioMapCount} != refcount {folio.RefCount} -> wp_page_copy");
            return false;
        }
        folio.Step(fn, $"mapped exclusively, large mapcount {folio.FolioMapCount} == refcount -> wp_page_reuse");
        return true;
    }
}
