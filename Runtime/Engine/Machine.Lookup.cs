using MmDsl.Runtime.Engine.Gup;
using MmDsl.Runtime.Engine.Mm;

namespace MmDsl.Runtime.Engine;

/// <summary>Where a page-table walk ended.</summary>
public enum MappingLevel
{
    None,
    Pte,
    Pmd,
}

/// <summary>The entry mapping one address: its level, raw entry, and the 4K page's pfn (0 if none).</summary>
public readonly record struct MappingInfo(MappingLevel Level, Pte Entry, int Pfn)
{
    public bool Present => Entry.IsPresent;

    public bool Writable => Entry.IsPresent && Entry.IsWrite;

    public bool Swapped => Entry.IsSwap;

    public bool Zero => Entry.IsPresent && Entry.IsSpecial;
}

/// <summary>Read-only walks for queries and inspection (follow_page without side effects).</summary>
public sealed partial class Machine
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
            return _large[head].PinCount;
        }
        var pins = 0;
        foreach (var handle in _handles.Values)
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
    /// once (page_mapcount / folio_precise_page_mapcount == 1).
    /// </summary>
    public bool MappedExclusive(Process process, long address)
    {
        var info = Lookup(process, address);
        return info.Present && !info.Zero && PageMapCount(info.Pfn) == 1;
    }
}
