using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Mapcounts and the anon reverse map (mm/rmap.c, include/linux/rmap.h).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// folio_add_new_anon_rmap: a new folio's first mapping. A PMD-mapped folio gets entire
    /// mapcount 1 and PG_anon_exclusive on the head page only; a PTE-mapped one a mapcount and
    /// the flag on every page.
    /// </summary>
    internal void FolioAddNewAnonRmap(int head, Vma vma, long address, MmStruct mm, bool pmdMapped, bool exclusive)
    {
        var nr = FolioNrPages(head);
        _s.Memory.Set(head, PageFlags.Anon);
        _s.Memory.Mapping(head) = vma.AnonVma;
        _s.Memory.Index(head) = vma.LinearIndex(address & ~((long)nr * PageTable.PageSize - 1));
        if (!IsLarge(head))
        {
            _s.Memory.MapCount(head) = 1;
            if (exclusive)
            {
                SetAnonExclusive(head);
            }
            return;
        }
        var folio = _s.Large[head];
        if (pmdMapped)
        {
            folio.EntireMapCount = 1;
            folio.AddLargeMapCount(1, mm.MmId);
            if (exclusive)
            {
                SetAnonExclusive(head);
            }
            return;
        }
        for (var i = 0; i < nr; i++)
        {
            _s.Memory.MapCount(head + i) = 1;
            if (exclusive)
            {
                SetAnonExclusive(head + i);
            }
        }
        folio.AddLargeMapCount(nr, mm.MmId);
    }

    /// <summary>folio_add_anon_rmap_ptes / folio_dup_*_rmap_ptes: nr more PTE mappings of consecutive pages.</summary>
    internal void FolioAddRmapPtes(int head, int pfn, int nr, MmStruct mm)
    {
        for (var i = 0; i < nr; i++)
        {
            _s.Memory.MapCount(pfn + i)++;
        }
        if (IsLarge(head))
        {
            _s.Large[head].AddLargeMapCount(nr, mm.MmId);
        }
    }

    /// <summary>folio_add_anon_rmap_pmd / folio_dup_*_rmap_pmd: one more PMD mapping.</summary>
    internal void FolioAddRmapPmd(int head, MmStruct mm)
    {
        var folio = _s.Large[head];
        folio.EntireMapCount++;
        folio.AddLargeMapCount(1, mm.MmId);
    }

    /// <summary>folio_remove_rmap_ptes: drop nr PTE mappings; a partially mapped anon THP is queued for deferred split.</summary>
    internal void FolioRemoveRmapPtes(int head, int pfn, int nr, MmStruct mm)
    {
        for (var i = 0; i < nr; i++)
        {
            _s.Memory.MapCount(pfn + i)--;
        }
        if (!IsLarge(head))
        {
            return;
        }
        var folio = _s.Large[head];
        folio.SubLargeMapCount(nr, mm.MmId);
        MaybeQueueDeferredSplit(head);
    }

    /// <summary>folio_remove_rmap_pmd</summary>
    internal void FolioRemoveRmapPmd(int head, MmStruct mm)
    {
        var folio = _s.Large[head];
        folio.EntireMapCount--;
        folio.SubLargeMapCount(1, mm.MmId);
        MaybeQueueDeferredSplit(head);
    }

    /// <summary>The number of pages of a large folio that at least one PTE maps (_nr_pages_mapped).</summary>
    public int NrPagesMapped(int head)
    {
        var n = 0;
        var nr = FolioNrPages(head);
        for (var i = 0; i < nr; i++)
        {
            if (_s.Memory.MapCount(head + i) > 0)
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>anon_vma_prepare: give the VMA an anon_vma, reusing a compatible neighbour's (find_mergeable_anon_vma).</summary>
    internal void AnonVmaPrepare(MmStruct mm, Vma vma)
    {
        if (vma.AnonVma != 0)
        {
            return;
        }
        var index = mm.Vmas.IndexOf(vma);
        foreach (var neighbour in new[] { index > 0 ? mm.Vmas[index - 1] : null, index + 1 < mm.Vmas.Count ? mm.Vmas[index + 1] : null })
        {
            if (neighbour is { AnonVma: not 0 } && neighbour.AnonVmaChain.Count == 1 && AnonVmaCompatible(neighbour, vma))
            {
                vma.AnonVma = neighbour.AnonVma;
                vma.AnonVmaChain = [neighbour.AnonVma];
                return;
            }
        }
        var id = NewAnonVma(parent: 0);
        vma.AnonVma = id;
        vma.AnonVmaChain = [id];
    }

    internal int NewAnonVma(int parent)
    {
        var id = _s.NextAnonVma++;
        var root = parent == 0 ? id : _s.AnonVmas[parent].Root;
        _s.AnonVmas[id] = new AnonVma(id, parent, root);
        return id;
    }

    /// <summary>anon_vma_compatible: adjacent, contiguous pgoff, same flags apart from access bits.</summary>
    private static bool AnonVmaCompatible(Vma a, Vma b)
    {
        var (first, second) = a.Start < b.Start ? (a, b) : (b, a);
        return first.End == second.Start &&
            first.PgOff + (first.Size >> PageTable.PageShift) == second.PgOff &&
            ((first.Flags ^ second.Flags) & ~VmFlags.ProtMask) == 0 &&
            first.Shmem == 0 && second.Shmem == 0;
    }

    /// <summary>folio_move_anon_rmap: on reuse, the folio now belongs to the faulting VMA's own anon_vma.</summary>
    internal void FolioMoveAnonRmap(int head, Vma vma) => _s.Memory.Mapping(head) = vma.AnonVma;
}
