namespace MmDsl.Engine.Eras;

/// <summary>What do_wp_page decided for an anonymous page.</summary>
internal enum WpVerdict
{
    Reuse,
    Copy,
}

/// <summary>What do_huge_pmd_wp_page decided.</summary>
internal enum HugeWpVerdict
{
    /// <summary>Map the PMD writable.</summary>
    Reuse,
    /// <summary>Split the PMD and let the PTE fault handle the 4K page (5.8+).</summary>
    SplitFallback,
    /// <summary>Allocate a new THP and copy 2M (≤5.7).</summary>
    CopyThp,
}

/// <summary>
/// The folio a write (or unshare) fault hit, as the era's do_wp_page sees it: the counts it may
/// read, and the few things it may do on the way to a decision (drain the LRU batch, free the
/// swap cache, move the anon_vma).
/// </summary>
internal interface IWpFolio : IDecisionTrace
{
    /// <summary>PageKsm / folio_test_ksm.</summary>
    bool IsKsm { get; }

    /// <summary>An unshare fault (FAULT_FLAG_UNSHARE) rather than a write.</summary>
    bool Unshare { get; }

    /// <summary>folio_ref_count</summary>
    int RefCount { get; }

    /// <summary>page_mapcount of the faulting page (its PTE mappings plus PMD mappings of the folio).</summary>
    int PageMapCount { get; }

    /// <summary>folio_mapcount / _large_mapcount: all mappings of the folio (PMD counts 1).</summary>
    int FolioMapCount { get; }

    int EntireMapCount { get; }

    bool IsLarge { get; }

    int NrPages { get; }

    /// <summary>PG_anon_exclusive of the faulting page.</summary>
    bool PageAnonExclusive { get; }

    /// <summary>FOLIO_MM_IDS_SHARED_BIT (6.15+ MM owner tracking).</summary>
    bool MaybeMappedShared { get; }

    bool InSwapCache { get; }

    /// <summary>
    /// Entries of the page table the fault holds locked that map pages of this folio (a PMD fault:
    /// 1): what a rule can learn without an rmap walk.
    /// </summary>
    int MappingsInPageTable { get; }

    /// <summary>PG_lru: false while the folio still waits in the LRU-add batch.</summary>
    bool OnLru { get; }

    /// <summary>Swap count of the folio's swap entry (swap PTEs still pointing at it).</summary>
    int SwapCount { get; }

    /// <summary>
    /// page_trans_huge_map_swapcount (≤5.17): for a small page, mapcount + swap count; for a THP,
    /// the largest per-page (PTE mapcount + swap count) plus the entire mapcount.
    /// </summary>
    int MapSwapCount { get; }

    /// <summary>lru_add_drain on this CPU.</summary>
    void LruAddDrain();

    /// <summary>folio_free_swap / try_to_free_swap: leave the swap cache if no swap PTE uses the entry.</summary>
    bool FreeSwap();

    /// <summary>delete_from_swap_cache + SetPageDirty (reuse_swap_page when the count is 1).</summary>
    void DeleteFromSwapCache();

    /// <summary>folio_move_anon_rmap: the folio now belongs to the faulting VMA's anon_vma.</summary>
    void MoveAnonRmap();
}
