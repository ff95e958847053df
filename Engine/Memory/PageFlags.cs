namespace MmDsl.Engine.Memory;

/// <summary>
/// Per-page-frame flags (struct page's flags word), plus a few bits the simulator keeps in the
/// same word: the buddy order of a free block and how the page's contents are stored.
/// </summary>
[Flags]
internal enum PageFlags : uint
{
    None = 0,
    /// <summary>PG_head: first page of a large folio.</summary>
    Head = 1u << 0,
    /// <summary>A tail page of a large folio (compound_head set).</summary>
    Tail = 1u << 1,
    /// <summary>PageAnon: folio->mapping points to an anon_vma.</summary>
    Anon = 1u << 2,
    /// <summary>PG_anon_exclusive (5.19+): mapped by exactly one process, may be reused or pinned.</summary>
    AnonExclusive = 1u << 3,
    /// <summary>PG_swapcache (folio).</summary>
    SwapCache = 1u << 4,
    /// <summary>PG_lru: on an LRU list (not merely waiting in the LRU-add batch).</summary>
    Lru = 1u << 5,
    /// <summary>PG_dirty.</summary>
    Dirty = 1u << 6,
    /// <summary>The shared zero page or a page of the huge zero folio.</summary>
    Zero = 1u << 7,
    /// <summary>PG_reserved: a frame the allocator never hands out.</summary>
    Reserved = 1u << 8,
    /// <summary>PageBuddy: the first frame of a free block in the buddy allocator.</summary>
    Buddy = 1u << 9,
    /// <summary>Shared memory (shmem) page: MAP_SHARED|MAP_ANONYMOUS.</summary>
    Shmem = 1u << 10,
    /// <summary>In the per-CPU LRU-add batch (holds one reference).</summary>
    LruBatch = 1u << 11,
    /// <summary>Queued on the deferred split list (large folio).</summary>
    DeferredSplit = 1u << 12,
    /// <summary>PG_locked, set only inside an operation that models folio_lock.</summary>
    Locked = 1u << 13,
    /// <summary>Contents: one 8-byte word is stored inline (the rest of the page is zero).</summary>
    ContentWord = 1u << 14,
    /// <summary>Contents: the whole page is stored in the overflow table.</summary>
    ContentFull = 1u << 15,

    /// <summary>MADV_FREE'd and not written since (!PG_swapbacked): reclaim may discard it.</summary>
    LazyFree = 1u << 29,

    /// <summary>PageKsm: a KSM folio (folio->mapping holds the stable node with PAGE_MAPPING_KSM; Anon stays set).</summary>
    Ksm = 1u << 30,

    /// <summary>Bits 16-19: folio order on a head page, or block order on a buddy page.</summary>
    OrderMask = 0xFu << 16,
    /// <summary>Bits 20-28: word offset (0..511) of the inline content word.</summary>
    WordOffsetMask = 0x1FFu << 20,
}

/// <summary>Where the packed fields of <see cref="PageFlags"/> sit.</summary>
internal static class PageFlagBits
{
    public const int OrderShift = 16;
    public const int WordOffsetShift = 20;

    /// <summary>Flags that describe the folio rather than one page.</summary>
    public const PageFlags FolioFlags = PageFlags.Anon | PageFlags.SwapCache | PageFlags.Lru |
        PageFlags.LruBatch | PageFlags.DeferredSplit | PageFlags.Shmem | PageFlags.Locked | PageFlags.LazyFree | PageFlags.Ksm;
}
