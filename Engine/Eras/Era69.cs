namespace MmDsl.Engine.Eras;

/// <summary>
/// 6.9 - 6.14: a page of a PTE-mapped large folio is never reused, not even the last one
/// (cd197c3a2040); the LRU-add batch holds 31 (9cecde80aae0); fork batches PTEs of large folios
/// (f8d937761d65). Within the era: _large_mapcount (6.10), exclusive swap-ins mapped writable
/// on read faults (6.11), a fresh THP on a huge-zero write fault (6.13).
/// Checked: cd197c3a2040 (14.2), the batch of 31 (9cecde80aae0, 14.4), _large_mapcount in 6.10
/// (14.8), the huge-zero write fault in 6.13 (14.7). Still unverified: the release in which the
/// deferred split queue began to skip folios with nothing mapped (about 6.10, 14.10), modelled at 6.10.
/// </summary>
public class Era69 : Era519
{
    public Era69(KernelVersion version)
        : base(version)
    {
    }

    public override string Name => "6.9-6.14";

    public override string Range => "6.9 - 6.14";

    public override string Summary => "large folios never reused on COW; LRU batch 31";

    public override int LruBatchSize => 31;

    public override bool HasLargeMapCount => Version >= new KernelVersion(6, 10);

    public override bool DeferredSplitOnlyWhilePartiallyMapped => Version >= new KernelVersion(6, 10);

    /// <summary>1ced09e0331f "mm: allocate THP on hugezeropage wp-fault" (6.13).</summary>
    public override bool HugeZeroWpAllocatesThp => Version >= new KernelVersion(6, 13);

    /// <summary>2c1f057e5be6 "fs/proc/task_mmu: properly detect PM_MMAP_EXCLUSIVE per page of PMD-mapped THPs" (6.11).</summary>
    public override bool PagemapExclusivePerPageOfPmd => Version >= new KernelVersion(6, 11);

    public override WpVerdict DoWpPage(IWpFolio folio)
    {
        if (folio.PageAnonExclusive)
        {
            folio.Step("do_wp_page", $"PageAnonExclusive -> wp_page_reuse");
            return WpVerdict.Reuse;
        }
        if (folio.IsLarge)
        {
            // The large-folio test does not move the anon_vma: other pages of the folio may be
            // mapped by other VMAs of this MM.
            return CanReuseLargeAnonFolio(folio) ? WpVerdict.Reuse : WpVerdict.Copy;
        }
        return CanReuseAnonFolio(folio, ReuseFunction) ? Reused(folio) : WpVerdict.Copy;
    }

    /// <summary>wp_can_reuse_anon_folio 6.9-6.14: folio_test_large -> no reuse.</summary>
    protected virtual bool CanReuseLargeAnonFolio(IWpFolio folio)
    {
        folio.Step(ReuseFunction, $"folio_test_large (order {System.Numerics.BitOperations.Log2((uint)folio.NrPages)}) -> wp_page_copy");
        return false;
    }

    private static WpVerdict Reused(IWpFolio folio)
    {
        folio.MoveAnonRmap();
        return WpVerdict.Reuse;
    }
}
