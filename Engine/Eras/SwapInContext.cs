namespace MmDsl.Engine.Eras;

/// <summary>How do_swap_page maps the page it brought back.</summary>
internal readonly record struct SwapInDecision(bool Writable, bool Exclusive);

/// <summary>
/// The page a swap fault brought back (from the swap cache, or freshly read into it), as the
/// era's do_swap_page sees it, and the steps it may take in its own order.
/// </summary>
internal interface ISwapInFolio : IDecisionTrace
{
    /// <summary>A write fault (FAULT_FLAG_WRITE).</summary>
    bool Write { get; }

    /// <summary>The VMA allows writing.</summary>
    bool VmWrite { get; }

    /// <summary>The page is the swap-cache page (not a fresh page that bypassed the swap cache).</summary>
    bool FromSwapCache { get; }

    /// <summary>pte_swp_exclusive of the swap PTE (5.19+).</summary>
    bool SwpExclusive { get; }

    /// <summary>folio_ref_count, including the reference this fault holds.</summary>
    int RefCount { get; }

    int NrPages { get; }

    bool InSwapCache { get; }

    bool OnLru { get; }

    /// <summary>page_trans_huge_map_swapcount: mappings of the page plus its swap count.</summary>
    int MapSwapCount { get; }

    /// <summary>vm_swap_full / mem_cgroup_swap_full: more than half of swap is in use.</summary>
    bool SwapFull { get; }

    void LruAddDrain();

    /// <summary>swap_free: drop this PTE's swap count.</summary>
    void SwapFree();

    /// <summary>try_to_free_swap: leave the swap cache if no swap PTE uses the slot any more.</summary>
    bool FreeSwap();

    /// <summary>delete_from_swap_cache + SetPageDirty.</summary>
    void DeleteFromSwapCache();
}
