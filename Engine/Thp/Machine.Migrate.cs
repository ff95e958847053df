using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Page migration (migrate_pages, try_to_migrate, remove_migration_ptes in mm/migrate.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// Migrate every folio mapped in [address, address+size) to new page frames, as compaction or
    /// NUMA balancing would: each mapping becomes a migration entry (remembering write and
    /// exclusive), the contents are copied, and the entries are restored to the new folio. A folio
    /// with references beyond its mappings and the swap cache (pins, GUP) is refused.
    /// </summary>
    public int Migrate(Process process, long address, long size)
    {
        LruAddDrainAll(string.Empty);
        var heads = new List<int>();
        var seen = new HashSet<int>();
        var start = address & ~(PageTable.PageSize - 1);
        var end = ClampedEnd(start, size);
        // migrate_pages over a range goes VMA by VMA and through the page tables (walk_page_range),
        // so it costs what is mapped, not the length of the range.
        foreach (var vma in process.Mm.VmasIn(start, end).ToList())
        {
            var stop = Math.Min(end, vma.End);
            for (var a = Math.Max(start, vma.Start); a < stop; a += PageTable.PageSize)
            {
                a = process.Mm.PageTable.NextPopulated(a, stop);
                if (a < stop)
                {
                    CollectMigrationHead(process, a, heads, seen);
                }
            }
        }
        var moved = 0;
        foreach (var head in heads)
        {
            if (MigrateFolio(head))
            {
                moved++;
            }
        }
        return moved;
    }

    private void CollectMigrationHead(Process process, long a, List<int> heads, HashSet<int> seen)
    {
        var info = Lookup(process, a);
        if (info.Present && !info.Zero && seen.Add(_s.Memory.Head(info.Pfn)))
        {
            heads.Add(_s.Memory.Head(info.Pfn));
        }
    }

    private bool MigrateFolio(int head)
    {
        var order = FolioOrder(head);
        if ((_s.Memory.Flags(head) & PageFlags.Shmem) != 0)
        {
            return MigrateNote(head, 0, order, false, "shmem folios are not migrated here");
        }
        var expected = FolioMapCount(head) + (InSwapCache(head) ? FolioNrPages(head) : 0);
        if (_s.Memory.RefCount(head) != expected)
        {
            Stats.Count(VmEvent.PgMigrateFail, FolioNrPages(head));
            return MigrateNote(head, 0, order, false, $"refcount {_s.Memory.RefCount(head)} != expected {expected}: {(FolioMaybeDmaPinned(head) ? "pinned" : "extra references")} (folio_migrate_mapping: -EAGAIN)");
        }
        var fresh = AllocFolio(order);
        if (fresh < 0)
        {
            Stats.Count(VmEvent.PgMigrateFail, FolioNrPages(head));
            return MigrateNote(head, 0, order, false, "no free memory");
        }
        var nr = 1 << order;
        FolioGet(head); // the isolation reference keeps the old folio while its mappings go
        var hits = RmapWalk(head);
        // try_to_migrate: every mapping leaves the old folio (it becomes a migration entry).
        var entries = new List<(RmapHit Hit, ulong Bits, bool Exclusive)>();
        foreach (var hit in hits)
        {
            var mm = hit.Process.Mm;
            var exclusive = IsAnonExclusive(hit.Pfn);
            if (hit.Pmd)
            {
                var table = mm.PageTable.FindPmdTable(hit.Address)!;
                var pi = PageTable.PmdIndex(hit.Address);
                entries.Add((hit, table.Pmd[pi] & (Pte.Write | Pte.Dirty | Pte.Young | Pte.SoftDirty), exclusive));
                table.Pmd[pi] = 0;
                FolioRemoveRmapPmd(head, mm);
            }
            else
            {
                var ptes = mm.PageTable.FindPmdTable(hit.Address)!.Ptes[PageTable.PmdIndex(hit.Address)]!;
                var ti = PageTable.PteIndex(hit.Address);
                entries.Add((hit, ptes[ti] & (Pte.Write | Pte.Dirty | Pte.Young | Pte.SoftDirty), exclusive));
                ptes[ti] = 0;
                FolioRemoveRmapPtes(head, hit.Pfn, 1, mm);
            }
            FolioPut(head);
        }
        if (FolioMapped(head))
        {
            // try_to_migrate left a mapping the reverse map cannot reach (a KSM page that a forked
            // parent maps under an anon_vma no rmap item names): migrate_folio_unmap fails and
            // remove_migration_ptes puts the old folio back.
            RestoreMigrationEntries(head, head, entries);
            FolioPut(head);
            FolioPut(fresh);
            Stats.Count(VmEvent.PgMigrateFail, FolioNrPages(head));
            return MigrateNote(head, 0, order, false, "still mapped after try_to_migrate: a mapping the reverse map cannot reach");
        }
        // folio_migrate_mapping + folio_migrate_flags + copy.
        var keep = PageFlags.Anon | PageFlags.Dirty | PageFlags.Lru | PageFlags.LazyFree | PageFlags.Ksm;
        KsmMigrate(head, fresh);
        _s.Memory.Flags(fresh) |= _s.Memory.Flags(head) & keep;
        _s.Memory.Mapping(fresh) = _s.Memory.Mapping(head);
        _s.Memory.Index(fresh) = _s.Memory.Index(head);
        for (var i = 0; i < nr; i++)
        {
            _s.Memory.CopyContents(head + i, fresh + i);
            if (IsAnonExclusive(head + i))
            {
                _s.Memory.Set(fresh + i, PageFlags.AnonExclusive);
            }
        }
        if (InSwapCache(head))
        {
            ReplaceSwapCacheFolio(head, fresh);
        }
        UnqueueDeferredSplit(head);
        RestoreMigrationEntries(head, fresh, entries);
        FolioPut(head);
        FolioPut(fresh);
        Stats.Count(VmEvent.PgMigrateSuccess, nr);
        return MigrateNote(head, fresh, order, true, $"{entries.Count} mapping(s) moved");
    }

    /// <summary>remove_migration_ptes: each migration entry of the folio at OLD becomes a mapping of the folio at TARGET (the new one, or OLD again when migration failed).</summary>
    private void RestoreMigrationEntries(int old, int target, List<(RmapHit Hit, ulong Bits, bool Exclusive)> entries)
    {
        foreach (var (hit, bits, _) in entries)
        {
            var mm = hit.Process.Mm;
            FolioGet(target);
            if (hit.Pmd)
            {
                FolioAddRmapPmd(target, mm);
                mm.PageTable.GetPmdTable(hit.Address).Pmd[PageTable.PmdIndex(hit.Address)] = Pte.Make(target, bits | Pte.Huge).Value;
            }
            else
            {
                var page = target + (hit.Pfn - old);
                FolioAddRmapPtes(target, page, 1, mm);
                mm.PageTable.GetOrAllocPtes(hit.Address)[PageTable.PteIndex(hit.Address)] = Pte.Make(page, bits).Value;
            }
        }
    }

    private bool MigrateNote(int oldPfn, int newPfn, int order, bool moved, string reason)
    {
        if (Explain)
        {
            Emit(new MigrateEvent(oldPfn, newPfn, order, moved, reason));
        }
        return moved;
    }

    /// <summary>The deferred-split shrinker: split each queued folio that can be split, freeing its unmapped pages.</summary>
    public int Shrink()
    {
        var split = 0;
        foreach (var head in _s.DeferredSplit.ToList())
        {
            if (SplitFolio(head, "deferred split shrinker"))
            {
                split++;
            }
        }
        return split;
    }
}
