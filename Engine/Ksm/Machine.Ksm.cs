using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Ksm;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>
/// Kernel samepage merging (mm/ksm.c): MADV_MERGEABLE / MADV_UNMERGEABLE (ksm_madvise,
/// unmerge_ksm_pages, break_ksm), ksmd's full scan (scan_get_next_rmap_item, cmp_and_merge_page,
/// the stable and unstable trees, write_protect_page, replace_page) and the reverse map of a KSM
/// folio (rmap_walk_ksm). The era-dependent parts (the write fault on a KSM page, break_ksm's fault
/// kind) are facts of <see cref="EraFacts"/> and steps of the eras' do_wp_page.
/// What is left out: use_zero_pages (off by default, as modelled), smart_scan's skipping of pages
/// that did not merge for a while (6.7+), max_page_sharing's chains (256 mappers a node),
/// merge_across_nodes. A page of a large folio (a THP, PMD- or PTE-mapped, or an mTHP) is scanned
/// like any other; try_to_merge_one_page splits its folio before merging it (split_huge_page,
/// split_folio from 6.x), and a folio that cannot be split (a pin) is not merged.
/// </summary>
internal sealed partial class Machine
{
    /// <summary>ksmd's state: slots, stable tree, counters.</summary>
    internal KsmState Ksm => _s.Ksm;

    /// <summary>folio_test_ksm</summary>
    public bool IsKsm(int head) => (_s.Memory.Flags(head) & PageFlags.Ksm) != 0;

    /// <summary>The stable node of a KSM folio (folio_stable_node), or null.</summary>
    internal KsmStableNode? StableNodeOf(int head) =>
        IsKsm(head) ? _s.Ksm.Nodes.GetValueOrDefault(_s.Memory.Mapping(head)) : null;

    /// <summary>Is the node's page still its KSM page (get_ksm_page's check that kpfn still points back)?</summary>
    internal bool StableNodeAlive(KsmStableNode node) =>
        IsKsm(node.Kpfn) && _s.Memory.Mapping(node.Kpfn) == node.Id && _s.Memory.RefCount(node.Kpfn) > 0;

    /// <summary>__ksm_enter: register the mm with ksmd (at the tail of the scan list), once.</summary>
    private void KsmEnter(MmStruct mm)
    {
        if (_s.Ksm.SlotOfMm.ContainsKey(mm.MmId))
        {
            return;
        }
        var slot = _s.Ksm.NextSlot++;
        _s.Ksm.SlotOfMm[mm.MmId] = slot;
        _s.Ksm.Slots.Add(slot);
    }

    /// <summary>ksm_fork: a child of a registered mm is registered too.</summary>
    private void KsmFork(MmStruct parent, MmStruct child)
    {
        if (_s.Ksm.SlotOfMm.ContainsKey(parent.MmId))
        {
            KsmEnter(child);
        }
    }

    /// <summary>
    /// __ksm_exit: the mm leaves the scan list. Its rmap items stay in the stable tree (and in
    /// pages_sharing) until the next scan prunes them, as ksmd frees them when it next reaches the slot.
    /// </summary>
    private void KsmExit(MmStruct mm)
    {
        if (!_s.Ksm.SlotOfMm.Remove(mm.MmId, out var slot))
        {
            return;
        }
        _s.Ksm.Slots.Remove(slot);
        foreach (var key in _s.Ksm.Checksums.Keys.Where(k => k.Slot == slot).ToList())
        {
            _s.Ksm.Checksums.Remove(key);
        }
    }

    private Process? ProcessOfSlot(int slot)
    {
        foreach (var process in _s.Processes)
        {
            if (_s.Ksm.SlotOfMm.TryGetValue(process.Mm.MmId, out var s) && s == slot)
            {
                return process;
            }
        }
        return null;
    }

    /// <summary>
    /// ksm_madvise(MADV_MERGEABLE): set VM_MERGEABLE on the private VMAs of the range (a shared
    /// mapping is left alone and the call still succeeds, as vma_ksm_compatible says) and register
    /// the mm with ksmd.
    /// </summary>
    private Errno KsmMadviseMergeable(Process process, long start, long end)
    {
        var mm = process.Mm;
        foreach (var vma in mm.VmasIn(start, end).ToList())
        {
            if ((vma.Flags & VmFlags.Mergeable) != 0 || (vma.Flags & (VmFlags.Shared | VmFlags.MayShare)) != 0)
            {
                continue;
            }
            KsmEnter(mm);
            var from = Math.Max(start, vma.Start);
            var to = Math.Min(end, vma.End);
            SplitVmasAround(process, from, to);
            mm.FindVma(from)!.Flags |= VmFlags.Mergeable;
        }
        MergeVmas(mm, start, end);
        return Errno.Ok;
    }

    /// <summary>
    /// ksm_madvise(MADV_UNMERGEABLE): unmerge_ksm_pages breaks every KSM page of the range back
    /// into a private copy (break_ksm), then VM_MERGEABLE is cleared. The stable tree's rmap items
    /// of those mappings go at the next scan.
    /// </summary>
    private Errno KsmMadviseUnmergeable(Process process, long start, long end)
    {
        var mm = process.Mm;
        foreach (var vma in mm.VmasIn(start, end).ToList())
        {
            if ((vma.Flags & VmFlags.Mergeable) == 0)
            {
                continue;
            }
            var from = Math.Max(start, vma.Start);
            var to = Math.Min(end, vma.End);
            if (vma.AnonVma != 0 && UnmergeKsmPages(process, vma, from, to) is var error && error != Errno.Ok)
            {
                return error;
            }
            SplitVmasAround(process, from, to);
            mm.FindVma(from)!.Flags &= ~VmFlags.Mergeable;
        }
        MergeVmas(mm, start, end);
        return Errno.Ok;
    }

    /// <summary>unmerge_ksm_pages: break_ksm at every address of [from, to) that maps a KSM page.</summary>
    private Errno UnmergeKsmPages(Process process, Vma vma, long from, long to)
    {
        var addresses = new List<long>();
        ForEachPresentPte(process, vma, from, to, splitPartial: false, (_, _, pfn, a) =>
        {
            if (IsKsm(_s.Memory.Head(pfn)))
            {
                addresses.Add(a);
            }
        });
        foreach (var address in addresses)
        {
            if (!BreakKsm(process, vma, address))
            {
                return Errno.ENOMEM;
            }
        }
        return Errno.Ok;
    }

    /// <summary>
    /// break_ksm: fault until the address no longer maps a KSM page. Before 6.2 a fake write fault
    /// (the copy is mapped writable and dirty); from 6.2 FAULT_FLAG_UNSHARE (a R/O, exclusive copy).
    /// </summary>
    private bool BreakKsm(Process process, Vma vma, long address)
    {
        var unshare = Era.Has(Fact.KsmBreakUnshares);
        EmitDecision(process.Name, "break_ksm", $"0x{address:x} maps a KSM page -> {(unshare ? "FAULT_FLAG_UNSHARE" : "write fault")}",
            unshare ? Fact.KsmBreakUnshares : null);
        for (var attempt = 0; attempt <= MaxFaultRetries; attempt++)
        {
            var info = Lookup(process, address);
            if (!info.Present || info.Zero || !IsKsm(_s.Memory.Head(info.Pfn)))
            {
                return true;
            }
            if (!HandleMmFault(process, vma, address, unshare ? AccessKind.Unshare : AccessKind.Write))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>/sys/kernel/mm/ksm/max_page_sharing's default: mappings of one KSM page, beyond which a chain gets another.</summary>
    public const int KsmMaxPageSharing = 256;

    /// <summary>The most full scans one <see cref="KsmRun"/> makes.</summary>
    public const int KsmMaxScans = 16;

    /// <summary>
    /// ksmd until the pages that can merge have merged: at least <paramref name="minScans"/> full
    /// scans (a page must be seen unchanged on one pass before it enters the unstable tree on the
    /// next, so two scans merge every pair that can merge), then more until a whole scan merges
    /// nothing (a page that shared a frame with the unstable tree's page merges through the stable
    /// tree one scan later). Returns what merged and the counters after.
    /// </summary>
    public KsmScanResult KsmRun(int minScans)
    {
        var events = new List<KsmMergeEvent>();
        var merged = 0;
        var scans = 0;
        while (scans < KsmMaxScans)
        {
            var now = KsmFullScan(events);
            merged += now;
            scans++;
            if (scans >= minScans && now == 0)
            {
                break;
            }
        }
        return new KsmScanResult(scans, merged, _s.Ksm.PagesShared, _s.Ksm.PagesSharing, events);
    }

    private readonly record struct UnstableItem(int Slot, Process Process, Vma Vma, long Address, int Pfn);

    /// <summary>One full scan of every registered mm (ksm_do_scan until the cursor wraps).</summary>
    private int KsmFullScan(List<KsmMergeEvent> events)
    {
        // scan_get_next_rmap_item drains every CPU's LRU-add batch at the start of a full scan.
        LruAddDrainAll(string.Empty);
        KsmPruneStableTree();
        var unstable = new List<UnstableItem>();
        var checksums = new Dictionary<(int, long), ulong>();
        var merged = 0;
        foreach (var slot in _s.Ksm.Slots.ToList())
        {
            if (ProcessOfSlot(slot) is not { } process)
            {
                continue;
            }
            foreach (var vma in process.Mm.Vmas.ToList())
            {
                if ((vma.Flags & VmFlags.Mergeable) == 0 || vma.AnonVma == 0)
                {
                    continue;
                }
                foreach (var address in KsmScanAddresses(process, vma))
                {
                    merged += CmpAndMergePage(slot, process, vma, address, unstable, checksums, events);
                }
            }
        }
        _s.Ksm.Checksums.Clear();
        foreach (var (key, sum) in checksums)
        {
            _s.Ksm.Checksums[key] = sum;
        }
        _s.Ksm.FullScans++;
        return merged;
    }

    /// <summary>
    /// The addresses scan_get_next_rmap_item visits in a VMA: every page a PTE maps, and every 4K
    /// page of a PMD-mapped THP (follow_page returns the subpage); the huge zero page aside.
    /// </summary>
    private List<long> KsmScanAddresses(Process process, Vma vma)
    {
        var pages = new List<long>();
        var pt = process.Mm.PageTable;
        for (var haddr = vma.Start & ~(PageTable.PmdSize - 1); haddr < vma.End; haddr += PageTable.PmdSize)
        {
            haddr = pt.NextPopulated(haddr, vma.End) & ~(PageTable.PmdSize - 1);
            if (haddr >= vma.End)
            {
                break;
            }
            var pmd = pt.GetPmd(Math.Max(haddr, vma.Start));
            var from = Math.Max(haddr, vma.Start);
            var to = Math.Min(haddr + PageTable.PmdSize, vma.End);
            if (pmd.IsHuge)
            {
                if (!pmd.IsSpecial)
                {
                    for (var a = from; a < to; a += PageTable.PageSize)
                    {
                        pages.Add(a);
                    }
                }
                continue;
            }
            ForEachPresentPte(process, vma, from, to, splitPartial: false, (_, _, _, a) => pages.Add(a));
        }
        return pages;
    }

    /// <summary>
    /// try_to_merge_one_page: a page of a large folio is merged only after split_huge_page (split_folio)
    /// has made it a folio of its own; a folio that cannot be split (an extra reference) stays. A
    /// zero-filled page the split mapped to the shared zero page instead (6.12+) is mapped no more
    /// at the address, and write_protect_page finds nothing to merge.
    /// </summary>
    private bool KsmSplitForMerge(Process process, long address, int pfn, out string why)
    {
        why = string.Empty;
        var head = _s.Memory.Head(pfn);
        if (!IsLarge(head))
        {
            return true;
        }
        if (!SplitFolio(head, "KSM: try_to_merge_one_page splits a large folio before merging"))
        {
            why = "try_to_merge_one_page: the large folio cannot be split (an extra reference, such as a pin)";
            return false;
        }
        if (Lookup(process, address) is not { Present: true, Zero: false } info || info.Pfn != pfn)
        {
            why = "write_protect_page: the split mapped the zero-filled page to the zero page";
            return false;
        }
        return true;
    }

    /// <summary>
    /// What the scan removes as it passes (remove_rmap_item_from_tree, remove_node_from_stable_tree):
    /// nodes whose page is gone, and rmap items whose mapping no longer maps the node's page.
    /// </summary>
    private void KsmPruneStableTree()
    {
        foreach (var node in _s.Ksm.Nodes.Values.ToList())
        {
            if (!StableNodeAlive(node))
            {
                _s.Ksm.Nodes.Remove(node.Id);
                continue;
            }
            node.Items.RemoveAll(item => ProcessOfSlot(item.Slot) is not { } p
                || p.Mm.FindVma(item.Address) is not { } vma || (vma.Flags & VmFlags.Mergeable) == 0
                || Lookup(p, item.Address) is not { Present: true, Zero: false } info || info.Pfn != node.Kpfn);
        }
    }

    /// <summary>cmp_and_merge_page for the page mapped at <paramref name="address"/>; returns 1 when a page merged.</summary>
    private int CmpAndMergePage(int slot, Process process, Vma vma, long address, List<UnstableItem> unstable,
        Dictionary<(int, long), ulong> checksums, List<KsmMergeEvent> events)
    {
        var info = Lookup(process, address);
        if (!info.Present || info.Zero)
        {
            return 0;
        }
        var pfn = info.Pfn;
        var head = _s.Memory.Head(pfn);
        if ((_s.Memory.Flags(head) & PageFlags.Anon) == 0)
        {
            return 0;
        }
        if (StableNodeOf(head) is { } own)
        {
            // A KSM page reached through fork, or swapped back in: stable_tree_search returns the
            // page itself and the mapping is appended to its node.
            if (!own.Items.Any(i => i.Slot == slot && i.Address == address))
            {
                own.Items.Add(new KsmRmapItem(slot, address, vma.AnonVma));
                events.Add(new KsmMergeEvent(process.Name, address, pfn, pfn, true, "already the KSM page (fork or swap-in): added to its stable node"));
                return 1;
            }
            return 0;
        }
        // stable_tree_search: a KSM page with the same contents, among those with room for one
        // more mapping (a chain's dups, each full at max_page_sharing).
        foreach (var node in _s.Ksm.Nodes.Values)
        {
            if (StableNodeAlive(node) && node.Items.Count < KsmMaxPageSharing && _s.Memory.SameContents(node.Kpfn, pfn))
            {
                if (TryMergeWithKsmPage(process, vma, address, pfn, node.Kpfn, out var why))
                {
                    node.Items.Add(new KsmRmapItem(slot, address, vma.AnonVma));
                    events.Add(new KsmMergeEvent(process.Name, address, pfn, node.Kpfn, true, "same as a KSM page (stable tree)"));
                    return 1;
                }
                events.Add(new KsmMergeEvent(process.Name, address, pfn, node.Kpfn, false, why));
                break;
            }
        }
        // The checksum must not have changed since the last pass before the page may enter the unstable tree.
        var sum = _s.Memory.ContentChecksum(pfn);
        checksums[(slot, address)] = sum;
        if (!_s.Ksm.Checksums.TryGetValue((slot, address), out var old) || old != sum)
        {
            return 0;
        }
        // unstable_tree_search_insert
        for (var i = 0; i < unstable.Count; i++)
        {
            var tree = unstable[i];
            var now = Lookup(tree.Process, tree.Address);
            if (!now.Present || now.Pfn != tree.Pfn || IsKsm(tree.Pfn) || !_s.Memory.SameContents(tree.Pfn, pfn))
            {
                continue;
            }
            if (tree.Pfn == pfn)
            {
                // The same page, mapped twice (shared since fork): nothing to merge.
                return 0;
            }
            if (IsLarge(head) && _s.Memory.Head(tree.Pfn) == head)
            {
                // cmp_and_merge_page: both pages belong to one large folio, whose split fails while
                // both are held; it is split afterwards, and nothing merges this time.
                SplitFolio(head, "KSM: two pages of one large folio, split without merging");
                events.Add(new KsmMergeEvent(process.Name, address, pfn, 0, false, "same large folio as the unstable tree's page: split, not merged"));
                return 0;
            }
            // The tree's item leaves the unstable tree only when the merge succeeds.
            var merged = TryMergeTwoPages(slot, process, vma, address, pfn, tree, events);
            if (merged > 0)
            {
                unstable.RemoveAt(i);
            }
            return merged;
        }
        unstable.Add(new UnstableItem(slot, process, vma, address, pfn));
        return 0;
    }

    /// <summary>
    /// try_to_merge_two_pages: the page being scanned becomes the KSM page (write-protected, PageKsm),
    /// then the unstable tree's page is replaced by it; stable_tree_insert makes the node, with the
    /// tree's rmap item first (pages_shared) and the scanned one second (pages_sharing).
    /// </summary>
    private int TryMergeTwoPages(int slot, Process process, Vma vma, long address, int pfn, UnstableItem tree, List<KsmMergeEvent> events)
    {
        if (!KsmSplitForMerge(process, address, pfn, out var why) || !WriteProtectPage(process, address, pfn, out why))
        {
            events.Add(new KsmMergeEvent(process.Name, address, pfn, 0, false, why));
            return 0;
        }
        var node = new KsmStableNode(_s.Ksm.NextNode++, pfn);
        _s.Ksm.Nodes[node.Id] = node;
        _s.Memory.Set(pfn, PageFlags.Ksm | PageFlags.Dirty);
        _s.Memory.Mapping(pfn) = node.Id;
        if (!TryMergeWithKsmPage(tree.Process, tree.Vma, tree.Address, tree.Pfn, pfn, out why))
        {
            // break_cow: a KSM page with only one PTE pointing at it is broken again.
            events.Add(new KsmMergeEvent(tree.Process.Name, tree.Address, tree.Pfn, pfn, false, why));
            BreakKsm(process, vma, address);
            return 0;
        }
        node.Items.Add(new KsmRmapItem(tree.Slot, tree.Address, tree.Vma.AnonVma));
        node.Items.Add(new KsmRmapItem(slot, address, vma.AnonVma));
        events.Add(new KsmMergeEvent(tree.Process.Name, tree.Address, tree.Pfn, pfn, true, "same as a page of the unstable tree: new KSM page"));
        events.Add(new KsmMergeEvent(process.Name, address, pfn, pfn, true, "became the KSM page"));
        return 2;
    }

    /// <summary>
    /// write_protect_page: when the PTE is writable, dirty or the page PG_anon_exclusive, every
    /// reference must be a mapping or the swap cache's (page_count == mapcount + swapcache; the
    /// kernel's own GUP reference aside), else the page may be pinned and is not merged; then the
    /// page loses PG_anon_exclusive and the PTE becomes read-only and clean.
    /// </summary>
    private bool WriteProtectPage(Process process, long address, int pfn, out string why)
    {
        why = string.Empty;
        var ptes = process.Mm.PageTable.FindPmdTable(address)!.Ptes[PageTable.PmdIndex(address)]!;
        var ti = PageTable.PteIndex(address);
        var pte = new Pte(ptes[ti]);
        var exclusive = Era.HasAnonExclusive && IsAnonExclusive(pfn);
        if (pte.IsWrite || pte.IsDirty || exclusive)
        {
            var swapped = InSwapCache(pfn) ? 1 : 0;
            var refs = _s.Memory.RefCount(pfn);
            var maps = _s.Memory.MapCount(pfn);
            if (maps + swapped != refs)
            {
                why = $"write_protect_page: refcount {refs} != mapcount {maps} + swapcache {swapped} (an extra reference, such as a pin)";
                return false;
            }
            if (exclusive)
            {
                ClearAnonExclusive(pfn);
            }
            if (pte.IsDirty)
            {
                _s.Memory.Set(pfn, PageFlags.Dirty);
            }
            ptes[ti] &= ~(Pte.Write | Pte.Dirty);
        }
        return true;
    }

    /// <summary>
    /// try_to_merge_one_page with a KSM page: write_protect_page, then replace_page: the PTE maps
    /// the KSM page (read-only), which gains a mapping and a reference; the old page loses its own
    /// (and, unmapped now, its swap cache) and is freed.
    /// </summary>
    private bool TryMergeWithKsmPage(Process process, Vma vma, long address, int pfn, int kpfn, out string why)
    {
        if ((vma.Flags & VmFlags.Mergeable) == 0)
        {
            why = "VMA not mergeable";
            return false;
        }
        if (!KsmSplitForMerge(process, address, pfn, out why) || !WriteProtectPage(process, address, pfn, out why))
        {
            return false;
        }
        var mm = process.Mm;
        var ptes = mm.PageTable.FindPmdTable(address)!.Ptes[PageTable.PmdIndex(address)]!;
        var ti = PageTable.PteIndex(address);
        var soft = ptes[ti] & Pte.SoftDirty;
        FolioGet(kpfn);
        FolioAddRmapPtes(kpfn, kpfn, 1, mm);
        ptes[ti] = Pte.Make(kpfn, Pte.Young | soft).Value;
        FolioRemoveRmapPtes(pfn, pfn, 1, mm);
        if (InSwapCache(pfn) && !FolioMapped(pfn))
        {
            FolioFreeSwap(pfn);
        }
        FolioPut(pfn);
        return true;
    }

    /// <summary>
    /// rmap_walk_ksm: the mappings of a KSM folio, found through its stable node's rmap items: the
    /// VMAs at each item's address that are chained to the item's anon_vma (so forked children too).
    /// </summary>
    private List<RmapHit> RmapWalkKsm(int head)
    {
        var hits = new List<RmapHit>();
        if (StableNodeOf(head) is not { } node)
        {
            return hits;
        }
        var seen = new HashSet<(string, long)>();
        foreach (var item in node.Items)
        {
            foreach (var process in _s.Processes)
            {
                if (process.Mm.FindVma(item.Address) is not { } vma || !vma.AnonVmaChain.Contains(item.AnonVma))
                {
                    continue;
                }
                var pte = process.Mm.PageTable.GetPte(item.Address);
                if (pte.IsPresent && !pte.IsSpecial && pte.Pfn == head && seen.Add((process.Name, item.Address)))
                {
                    hits.Add(new RmapHit(process, vma, item.Address, head, false, pte.IsWrite));
                }
            }
        }
        return hits;
    }

    /// <summary>The reuse of a KSM page by do_wp_page (5.1 - 5.8, reuse_ksm_page): it moves to the VMA's anon_vma and is KSM no more.</summary>
    private void ReuseKsmPage(int head, Vma vma, long address)
    {
        _s.Memory.Clear(head, PageFlags.Ksm);
        _s.Memory.Mapping(head) = vma.AnonVma;
        _s.Memory.Index(head) = vma.LinearIndex(address);
    }

    /// <summary>folio_migrate_ksm: the stable node follows its page to the new frame.</summary>
    private void KsmMigrate(int oldPfn, int newPfn)
    {
        if (StableNodeOf(oldPfn) is { } node)
        {
            node.Kpfn = newPfn;
        }
    }
}
