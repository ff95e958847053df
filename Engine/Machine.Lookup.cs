using MmDsl.Engine.Gup;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Where a page-table walk ended.</summary>
internal enum MappingLevel
{
    None,
    Pte,
    Pmd,
}

/// <summary>The entry mapping one address: its level, raw entry, and the 4K page's pfn (0 if none).</summary>
internal readonly record struct MappingInfo(MappingLevel Level, Pte Entry, int Pfn)
{
    public bool Present => Entry.IsPresent;

    public bool Writable => Entry.IsPresent && Entry.IsWrite;

    public bool Swapped => Entry.IsSwap;

    public bool Zero => Entry.IsPresent && Entry.IsSpecial;
}

/// <summary>Read-only walks for queries and inspection (follow_page without side effects).</summary>
internal sealed partial class Machine
{
    /// <summary>The entry that maps <paramref name="address"/> in <paramref name="process"/>, without faulting.</summary>
    public MappingInfo Lookup(Process process, long address)
    {
        var pt = process.Mm.PageTable;
        var pmd = pt.GetPmd(address);
        if (pmd.IsHuge)
        {
            return new MappingInfo(MappingLevel.Pmd, pmd, pmd.Pfn + PageTable.PteIndex(address));
        }
        var pte = pt.GetPte(address);
        if (pte.IsNone)
        {
            return default;
        }
        return new MappingInfo(MappingLevel.Pte, pte, pte.IsPresent ? pte.Pfn : 0);
    }

    /// <summary>FOLL_PIN pins on a folio: _pincount for large folios, pin handles for small ones.</summary>
    public int FolioPins(int head)
    {
        if (IsLarge(head))
        {
            return _s.Large[head].PinCount;
        }
        var pins = 0;
        foreach (var handle in _s.Handles.Values)
        {
            if (handle.Kind == HandleKind.Pin)
            {
                foreach (var pfn in handle.Pfns)
                {
                    if (pfn == head)
                    {
                        pins++;
                    }
                }
            }
        }
        return pins;
    }

    /// <summary>
    /// pagemap's PM_MMAP_EXCLUSIVE (bit 56): present, a normal page, and that page mapped exactly
    /// once (page_mapcount / folio_precise_page_mapcount == 1). Under a PMD the era decides whose
    /// mapcount counts: the page's own, or the PMD's first page's (pagemap_pmd_range).
    /// </summary>
    public bool MappedExclusive(Process process, long address)
    {
        var info = Lookup(process, address);
        var asked = info.Level == MappingLevel.Pmd && !Era.PagemapExclusivePerPageOfPmd ? info.Entry.Pfn : info.Pfn;
        return info.Present && !info.Zero && PageMapCount(asked) == 1;
    }

    /// <summary>
    /// What a load at <paramref name="address"/> would return, without faulting: the mapped page,
    /// the swap cache or swap slot behind a swap entry, or zero for nothing mapped. The shmem page
    /// cache is consulted for shared mappings.
    /// </summary>
    public ulong Peek(Process process, long address)
    {
        var word = (int)((address & (PageTable.PageSize - 1)) >> 3);
        var info = Lookup(process, address);
        if (info.Present)
        {
            return _s.Memory.ReadWord(info.Pfn, word);
        }
        if (info.Swapped)
        {
            var slot = info.Entry.SwapOffset;
            var cached = _s.Swap.CachedFolio(slot);
            return cached != 0 ? _s.Memory.ReadWord(cached + (slot - _s.SwapSlot[cached]), word) : _s.Swap.Read(slot).Read(word);
        }
        var vma = process.Mm.FindVma(address);
        if (vma is { Shmem: not 0 } && _s.Shmem[vma.Shmem].Pages.TryGetValue(vma.LinearIndex(address), out var pfn))
        {
            return _s.Memory.ReadWord(pfn, word);
        }
        return 0;
    }
}
