namespace MmDsl.Engine.Eras;

/// <summary>
/// The facts on which kernels differ, each with the versions it holds for and the commit that
/// changed it: one table, sorted by name then version, asked for the exact version a machine runs
/// (so a change inside an era, such as 5.11's or 6.13's, is exact too). Ranges are half-open:
/// From is the first version that has the fact, Until the first that no longer has it.
/// The decision algorithms that differ by era are code, in the Era* classes.
/// </summary>
internal static class EraFacts
{
    /// <summary>The From of a fact that held before any version the engine models (a legacy rule).</summary>
    internal static readonly KernelVersion Always = new(2, 0);

    private static KernelVersion V(int major, int minor, int patch = 0) => new(major, minor, patch);

    /// <summary>Every entry, sorted by <see cref="EraFact.Name"/> then <see cref="EraFact.From"/>.</summary>
    public static IReadOnlyList<EraFact> All { get; } =
    [
        new(Fact.CollapseNeedsWritablePte, Always, V(6, 18), null,
            "collapse refuses a range with no writable PTE (SCAN_PAGE_RO) until Dev Jain's \"collapse anonymous VMAs with R/O PTEs\" (linux-mm, Sep 2025); 6.18 was seen collapsing a fully COW-shared, read-only PTE-mapped THP"),
        new(Fact.CountsPgReuse, V(5, 9), null, "798a6b87ecd7",
            "the PGREUSE counter exists"),
        // 7491f3f34891 "mm/rmap: do not add fully unmapped large folio to deferred split list" (Zi Yan, posted 2 May 2024, for 6.10)
        new(Fact.DeferredSplitOnlyWhilePartiallyMapped, V(6, 10), null, "7491f3f34891",
            "deferred split queues a folio only while some page is still mapped; before, any unmap that left a page unmapped queued it"),
        new(Fact.ExclusiveSwapInWritableOnReadFault, V(6, 11), null, "c18160dba5ff",
            "do_swap_page maps an exclusive swap-in writable even on a read fault, when the VMA allows writing"),
        new(Fact.ForkCopiesMaybePinned, V(5, 9), V(5, 19), "70e806e4e645",
            "copy_present_page: in a COW mapping of an mm that has pinned pages, fork gives the child a copy of a maybe-pinned page at once (any normal page)"),
        // fb3d824d1a46 "mm/rmap: split page_dup_rmap() into page_dup_file_rmap() and page_try_dup_anon_rmap()" (linux-cow-eras.md 1, E4)
        new(Fact.ForkCopiesPinnedExclusiveAnon, V(5, 19), null, "fb3d824d1a46",
            "page_try_dup_anon_rmap: fork copies at once only a PG_anon_exclusive anon page that may be pinned (folio_needs_cow_for_dma); any other page is shared and loses PG_anon_exclusive"),
        new(Fact.ForkSharesEveryPage, Always, V(5, 9), "70e806e4e645",
            "fork shares every present page write-protected, pinned or not; 70e806e4e645 began copying maybe-pinned pages at once"),
        new(Fact.GupForcesCowBreak, V(5, 8), V(5, 9), "17839856fd58",
            "should_force_cow_break: any FOLL_GET or FOLL_PIN in a COW mapping breaks COW as a write would (reverted by a308c71bf1e6)"),
        new(Fact.GupUnsharesNonAnonLongterm, V(6, 2), null, "84209e87c696",
            "gup_must_unshare: a R/O FOLL_LONGTERM pin in a COW mapping unshares a page that is not anon, such as the zero page"),
        new(Fact.GupUnsharesSharedAnon, V(5, 19), null, "a7f226604170",
            "gup_must_unshare: a R/O FOLL_PIN of an anon page that is not PG_anon_exclusive unshares it first (FAULT_FLAG_UNSHARE)"),
        new(Fact.HasAnonExclusive, V(5, 19), null, "6c287605fd56",
            "PG_anon_exclusive exists"),
        new(Fact.HasDoubleMap, Always, V(6, 2), "cb67f4282bf9",
            "PageDoubleMap exists (removed by cb67f4282bf9)"),
        new(Fact.HasLargeMapCount, V(6, 10), null, "05c5323b2a34",
            "_large_mapcount exists"),
        new(Fact.HasMadvCollapse, V(6, 1), null, "7d8faaf15545",
            "MADV_COLLAPSE exists"),
        new(Fact.HasMadvPageout, V(5, 4), null, "1a4e58cce84e",
            "MADV_PAGEOUT exists"),
        new(Fact.HasMmIdTracking, V(6, 15), null, "6af8cb80d3a9",
            "MM owner tracking of large folios (FOLIO_MM_IDS_SHARED_BIT)"),
        // 19eaf44954df "mm: thp: support allocation of anonymous multi-size THP" (Ryan Roberts)
        new(Fact.HasMthp, V(6, 8), null, "19eaf44954df",
            "anonymous multi-size THP: faults may allocate 16K..1M folios (alloc_anon_folio)"),
        new(Fact.HugeWpCopiesThp, Always, V(5, 8), "3917c80280c9",
            "do_huge_pmd_wp_page: reuse_swap_page on the head, else a new THP and a 2M copy; 3917c80280c9 split the PMD instead"),
        new(Fact.HugeWpDecidesByRefcount, V(5, 18), null, "3bff7e3f1f16",
            "do_huge_pmd_wp_page: refcount > 1 + swapcache*nr -> split the PMD and fall back; free the swap cache; refcount 1 -> reuse"),
        new(Fact.HugeWpSplitsPmd, V(5, 8), null, "3917c80280c9",
            "a write fault on a shared PMD THP splits the PMD in the faulting process and the PTE fault copies one 4K page"),
        new(Fact.HugeZeroWpAllocatesThp, Always, V(5, 8), "3917c80280c9",
            "a write fault on the huge zero PMD allocates a fresh THP; 3917c80280c9 made it split the PMD instead"),
        new(Fact.HugeZeroWpAllocatesThp, V(6, 13), null, "1ced09e0331f",
            "a write fault on the huge zero PMD allocates a fresh THP again (\"mm: allocate THP on hugezeropage wp-fault\")"),
        new(Fact.KhugepagedCollapsesShared, V(5, 8), null, null,
            "khugepaged collapses ranges of PTE-mapped THPs and shared pages (max_ptes_shared; 71a2c112a0f6, id unverified)"),
        // mm/ksm.c break_ksm: "mm/ksm: fix KSM COW breaking with userfaultfd-wp via FAULT_FLAG_UNSHARE" (David Hildenbrand, posted 21 Oct 2022, merged for 6.2)
        new(Fact.KsmBreakUnshares, V(6, 2), null, null,
            "break_ksm (MADV_UNMERGEABLE) breaks COW with FAULT_FLAG_UNSHARE, so the private copy is mapped R/O and clean; before, a fake write fault mapped it writable and dirty (\"mm/ksm: fix KSM COW breaking with userfaultfd-wp via FAULT_FLAG_UNSHARE\", Oct 2022; id unverified)"),
        // mm/memory.c do_wp_page: before 52d1e606ee73 the anon branch tested PageAnon && !PageKsm, so a KSM page went to wp_page_copy
        new(Fact.KsmWpCopies, Always, V(5, 1), "52d1e606ee73",
            "do_wp_page handles a KSM page outside its anon branch (PageAnon && !PageKsm): every write fault on it copies; 52d1e606ee73 let the sole mapping reuse it"),
        // mm/memory.c do_wp_page: 09854ba94c6a "mm: do_wp_page() simplification" (5.9): PageKsm -> copy; wp_can_reuse_anon_folio's folio_test_ksm from 6.7
        new(Fact.KsmWpCopies, V(5, 9), null, "09854ba94c6a",
            "do_wp_page: a KSM page is always copied, whatever its counts (PageKsm before the refcount test; folio_test_ksm in wp_can_reuse_anon_folio from 6.7), and an unshare fault copies it too"),
        // mm/ksm.c reuse_ksm_page + mm/memory.c do_wp_page: 52d1e606ee73 "mm: reuse only-pte-mapped KSM page in do_wp_page()" (5.1); removed by 09854ba94c6a (5.9)
        new(Fact.KsmWpReusesSoleMapping, V(5, 1), V(5, 9), "52d1e606ee73",
            "do_wp_page: a KSM page not in the swap cache with page_count 1 (this PTE its only user) is reused by reuse_ksm_page, which moves it to the VMA's anon_vma, so it is KSM no more; any other KSM page is copied (removed by 09854ba94c6a)"),
        new(Fact.LruBatchOf31, V(6, 9), null, "9cecde80aae0",
            "the per-CPU LRU-add batch holds 31 folios; before, PAGEVEC_SIZE 15"),
        new(Fact.MadvDontneedReclaimsPageTables, V(6, 14), null, "6375e95f381e",
            "MADV_DONTNEED frees a PTE table it emptied over a whole 2M (madvise_dontneed_single_vma's .reclaim_pt, CONFIG_PT_RECLAIM, default y on x86_64 from 4817f70c25b6), so the next fault there may map a PMD THP"),
        new(Fact.MprotectMakesExclusiveWritable, V(6, 0), null, "64fe24a3e05e",
            "mprotect(PROT_WRITE) maps PG_anon_exclusive pages writable at once, without a write fault"),
        new(Fact.MremapMovesMultipleVmas, V(6, 17), null, "d23cb648e365",
            "mremap with MREMAP_FIXED and old_len == new_len moves every VMA in the range, keeping the gaps between them (remap_move); before, the range had to lie in one VMA"),
        new(Fact.MremapShrinkNeedsVma, V(5, 16), null, "550a7d60bd5e",
            "mremap looks up the VMA at the old address for every call (added with hugetlb mremap): before, a shrink or the same size in place unmapped the tail without looking and succeeded on an unmapped range"),
        new(Fact.MremapVmaBeforeTargetCheck, V(5, 16), V(6, 17), "550a7d60bd5e",
            "mremap's VMA lookup comes before mremap_to's checks of the target: an overlapping target with nothing mapped at the old address is EFAULT, not EINVAL (3215eaceca87, 6.17, checks the parameters first again)"),
        new(Fact.PagemapExclusivePerPageOfPmd, V(6, 11), V(6, 15), "2c1f057e5be6",
            "pagemap_pmd_range asks each page under a PMD for PM_MMAP_EXCLUSIVE; before and after, the PMD's first page decides for all (6.15: \"remove per-page mapcount dependency for PM_MMAP_EXCLUSIVE\")"),
        new(Fact.PageoutAsksLikelyMappedShared, V(6, 10), V(6, 15), "ebb34f78d72c",
            "MADV_PAGEOUT's sharing test is folio_likely_mapped_shared; before, page_mapcount of the first page (folio_estimated_sharers from 6.5)"),
        new(Fact.PageoutAsksMaybeMappedShared, V(6, 15), null, null,
            "MADV_PAGEOUT's sharing test is folio_maybe_mapped_shared (MM owner tracking series; id unverified)"),
        new(Fact.PageoutSkipsShared, V(5, 4, 28), V(5, 5), "12e967fd8e4e",
            "MADV_PAGEOUT skips pages mapped more than once (backported to 5.4.28; the stable commit's id is not checked, the mainline id stands for it)"),
        new(Fact.PageoutSkipsShared, V(5, 6), null, "12e967fd8e4e",
            "MADV_PAGEOUT skips pages mapped more than once"),
        new(Fact.ReclaimSkipsPinned, V(5, 11), null, "feb889fb40fa",
            "reclaim keeps a maybe-pinned page out of the swap cache"),
        new(Fact.ReuseTestInOwnFunction, V(6, 7), null, null,
            "do_wp_page's reuse test moved into wp_can_reuse_anon_folio (\"memory: move exclusivity detection in do_wp_page() into wp_can_reuse_anon_folio()\", Oct 2023; id unverified)"),
        new(Fact.SplitMapsZeroFilledPagesToZeroPage, V(6, 12), null, "b1f202060afe",
            "splitting an anonymous large folio maps its zero-filled pages to the shared zero page and frees them (remap_page with RMP_USE_SHARED_ZEROPAGE, try_to_map_unused_to_zeropage)"),
        new(Fact.SwapFileRefusesLargeEntries, V(6, 10), null, "845982eb264b",
            "a swap file (not a block device) cannot hold a large folio's entries, so large folios are split first (checked on 6.18: thp_swpout_fallback; before 6.10 unverified, modelled as allowed)"),
        new(Fact.SwapInDecidesByMapSwapCount, Always, V(5, 18), "c145e0b47c77",
            "do_swap_page maps the page writable on a write fault iff reuse_swap_page (mapcount + swap count <= 1); c145e0b47c77 decides by refcount instead"),
        new(Fact.SwapInDecidesByRefcount, V(5, 18), null, "c145e0b47c77",
            "do_swap_page: drain the LRU batch, should_try_to_free_swap, map writable iff the page bypassed the swap cache or refcount == 1"),
        new(Fact.SwapPteRemembersExclusive, V(5, 19), null, "1493a1913e34",
            "the swap PTE keeps PG_anon_exclusive (pte_swp_exclusive), so do_swap_page maps an exclusive page without a refcount test"),
        new(Fact.SwapsOutMthpWhole, V(6, 10), null, "845982eb264b",
            "a large folio that is not PMD-sized is swapped out whole; before, it is split"),
        new(Fact.ThpSplitStatsPmdOnly, V(6, 10), null, "835c3a25aa37",
            "THP_SPLIT_PAGE(_FAILED) and THP_DEFERRED_SPLIT_PAGE count PMD-sized folios only; in 6.8 and 6.9 they counted multi-size THPs too"),
        new(Fact.WpCopiesLargeFolio, V(6, 9), V(6, 15), "cd197c3a2040",
            "wp_can_reuse_anon_folio: a page of a PTE-mapped large folio is never reused, not even the last one (folio_test_large -> copy)"),
        new(Fact.WpDecidesByMapSwapCount, Always, V(5, 9), "09854ba94c6a",
            "do_wp_page reuses iff reuse_swap_page (page_trans_huge_map_swapcount <= 1), ignoring the refcount; 09854ba94c6a tests page_count instead"),
        new(Fact.WpReuseDrainsLruBatch, V(5, 18), null, "d4c470970d45",
            "do_wp_page: refcount > 3 -> copy; a folio not on the LRU -> lru_add_drain; refcount > 1 + swapcache -> copy"),
        new(Fact.WpReuseFreesSwapCache, V(5, 18), null, "53a05ad9f21d",
            "do_wp_page frees the swap cache of a locked page (try_to_free_swap), then reuses iff refcount == 1"),
        new(Fact.WpReusesLargeFolioOfOneMm, V(6, 15), null, "1da190f4d0a6",
            "__wp_can_reuse_large_anon_folio: a page of a PTE-mapped large folio is reused when only this MM maps it and every reference is a mapping"),
        new(Fact.WpReusesOnlyAtPageCount1, V(5, 9), V(5, 18), "09854ba94c6a",
            "do_wp_page reuses only when page_count == 1 and page_mapcount == 1: any extra reference (LRU batch, swap cache, GUP) forces a copy"),
    ];

    /// <summary>Does <paramref name="fact"/> hold in <paramref name="version"/>?</summary>
    public static bool Holds(Fact fact, KernelVersion version)
    {
        foreach (var entry in All)
        {
            if (entry.Name == fact && entry.Covers(version))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The entry of each fact that covers <paramref name="version"/> (null where none does), indexed by <see cref="Fact"/>.</summary>
    internal static EraFact?[] EntriesAt(KernelVersion version)
    {
        var entries = new EraFact?[Enum.GetValues<Fact>().Length];
        foreach (var entry in All)
        {
            if (entry.Covers(version))
            {
                entries[(int)entry.Name] = entry;
            }
        }
        return entries;
    }

    /// <summary>Every fact at <paramref name="version"/>, indexed by <see cref="Fact"/>: what a policy asks on the fast path.</summary>
    internal static bool[] At(KernelVersion version)
    {
        var facts = new bool[Enum.GetValues<Fact>().Length];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = Holds((Fact)i, version);
        }
        return facts;
    }
}
