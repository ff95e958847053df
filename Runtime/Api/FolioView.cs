using MmDsl.Engine;
using MmDsl.Engine.Memory;
using MmDsl.Runtime.Output.Show;

namespace MmDsl.Runtime.Api;

/// <summary>
/// A folio (struct folio), read live from the session's current machine by its head pfn. Counts are
/// unbiased, as the kernel's debug output prints them.
/// </summary>
public sealed record FolioView
{
    private readonly MmApi _api;

    internal FolioView(MmApi api, int head)
    {
        _api = api;
        Pfn = new Pfn(head);
    }

    /// <summary>The head page frame.</summary>
    public Pfn Pfn { get; }

    private Machine M => _api.Live;

    private int H => (int)Pfn.Value;

    /// <summary>The frame still heads a folio in use (it has not been freed or split away).</summary>
    public bool Exists => H < M.Memory.TotalPages && M.Memory.Head(H) == H && M.Memory.RefCount(H) > 0;

    /// <summary>folio_order.</summary>
    public int Order => M.FolioOrder(H);

    /// <summary>folio_nr_pages.</summary>
    public int NrPages => M.FolioNrPages(H);

    public long Size => (long)NrPages * MmApi.PageSize;

    /// <summary>folio_ref_count.</summary>
    public int RefCount => M.Memory.RefCount(H);

    /// <summary>folio_mapcount: every PTE mapping of a page plus every PMD mapping of the whole folio.</summary>
    public int MapCount => M.FolioMapCount(H);

    /// <summary>_entire_mapcount: PMD mappings of the whole folio (0 for small folios).</summary>
    public int EntireMapCount => M.Large(H)?.EntireMapCount ?? 0;

    /// <summary>FOLL_PIN pins: _pincount of a large folio, the pins held on a small one.</summary>
    public int PinCount => M.FolioPins(H);

    /// <summary>folio_maybe_dma_pinned, as the kernel guesses it from the counts.</summary>
    public bool MaybeDmaPinned => M.FolioMaybeDmaPinned(H);

    /// <summary>
    /// PG_anon_exclusive, as <c>show refs</c> says <c>excl</c>: set on every page, or on the head of a
    /// PMD-mapped THP.
    /// </summary>
    public bool AnonExclusive
    {
        get
        {
            var nr = NrPages;
            var exclusive = Enumerable.Range(H, nr).Count(M.IsAnonExclusive);
            return exclusive == nr || (Order == Machine.PmdOrder && M.IsAnonExclusive(H) && EntireMapCount > 0);
        }
    }

    /// <summary>PageAnon.</summary>
    public bool Anon => M.Memory.Has(H, PageFlags.Anon);

    /// <summary>A shmem page-cache page: of a MAP_SHARED|MAP_ANONYMOUS mapping, or of a memfd.</summary>
    public bool Shmem => M.Memory.Has(H, PageFlags.Shmem);

    /// <summary>The memfd whose page cache holds this folio, or null (anonymous memory, or the inode of a shared anonymous mapping).</summary>
    public string? Memfd => Shmem ? M.FindShmem(M.Memory.Mapping(H))?.Name : null;

    /// <summary>folio->index: the page offset in its file of a page-cache folio; for an anonymous one, its linear page index.</summary>
    public long Index => M.Memory.Index(H);

    /// <summary>A large folio (order above 0).</summary>
    public bool Large => M.IsLarge(H);

    /// <summary>A PMD-sized THP (order 9).</summary>
    public bool Thp => Order == Machine.PmdOrder;

    /// <summary>PageKsm: a KSM folio, merged by ksmd.</summary>
    public bool Ksm => M.IsKsm(H);

    /// <summary>PG_swapcache.</summary>
    public bool SwapCache => M.InSwapCache(H);

    /// <summary>PG_lru.</summary>
    public bool Lru => M.OnLru(H);

    /// <summary>Waiting in the per-CPU LRU-add batch (which holds a reference).</summary>
    public bool LruBatch => M.InLruBatch(H);

    /// <summary>PG_dirty.</summary>
    public bool Dirty => M.Memory.Has(H, PageFlags.Dirty);

    /// <summary>Queued for the deferred split shrinker.</summary>
    public bool DeferredSplit => M.OnDeferredSplitQueue(H);

    /// <summary>The first swap slot of the folio, or -1.</summary>
    public int SwapSlot => M.SwapSlotOf(H);

    /// <summary>The flags in words, as <c>show refs</c> prints them: <c>anon thp excl lru dirty</c>.</summary>
    public string Flags => RefsTable.Flags(M, H);

    /// <summary>Every mapping of the folio, found by the reverse map (rmap_walk), process and address order.</summary>
    public IReadOnlyList<MapperView> Mappers =>
        M.RmapWalk(H)
            .Select(hit => new MapperView(hit.Process.Name, new Address(hit.Address), new Pfn(hit.Pfn), hit.Pmd, hit.Writable))
            .OrderBy(x => x.Process, StringComparer.Ordinal).ThenBy(x => x.Address.Value)
            .ToList();

    /// <summary>Each page of the folio (struct page): its pfn, mapcount and PG_anon_exclusive.</summary>
    public IReadOnlyList<PageView> Pages =>
        Enumerable.Range(H, NrPages).Select(pfn => new PageView(new Pfn(pfn), M.PageMapCount(pfn), M.IsAnonExclusive(pfn))).ToList();

    public override string ToString() =>
        Exists
            ? $"folio {Pfn} order {Order} refcount:{RefCount} mapcount:{MapCount} pincount:{PinCount} {Flags}"
            : $"folio {Pfn} (freed)";
}

/// <summary>One mapping of a folio, as the reverse map finds it: who maps which page where.</summary>
public sealed record MapperView(string Process, Address Address, Pfn Pfn, bool Pmd, bool Writable)
{
    /// <summary><c>A:0x1000 rw</c>, <c>B:0x0 pmd ro</c>, as <c>show refs</c> lists mappers.</summary>
    public override string ToString() => $"{Process}:{Address}{(Pmd ? " pmd" : string.Empty)} {(Writable ? "rw" : "ro")}";
}

/// <summary>One page of a folio (struct page): its mapcount as /proc/kpagecount shows it, and PG_anon_exclusive.</summary>
public sealed record PageView(Pfn Pfn, int MapCount, bool AnonExclusive)
{
    public override string ToString() => $"page {Pfn} mapcount:{MapCount}{(AnonExclusive ? " exclusive" : string.Empty)}";
}
