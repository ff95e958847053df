using MmDsl.Engine;

namespace MmDsl.Runtime.Api;

/// <summary>The language's per-address queries, without faulting.</summary>
public sealed partial record ProcessView
{
    /// <summary>
    /// The 8-byte word at <paramref name="address"/>: the value <c>value(P, ADDR)</c> gives, read
    /// without faulting (from the page, the swap cache or the swap device; 0 where nothing is).
    /// </summary>
    public long Peek(long address)
    {
        var m = M;
        var word = (int)((address & (PageSize - 1)) >> 3);
        var info = m.Lookup(P, address);
        if (info.Present)
        {
            return (long)m.Memory.ReadWord(info.Pfn, word);
        }
        if (info.Swapped)
        {
            var slot = info.Entry.SwapOffset;
            var cached = m.Swap.CachedFolio(slot);
            return cached != 0 ? (long)m.Memory.ReadWord(cached, word) : (long)m.Swap.Read(slot).Read(word);
        }
        if (P.Mm.FindVma(address) is { Shmem: not 0 } vma && m.FindShmem(vma.Shmem) is { } shmem &&
            shmem.Pages.TryGetValue(vma.LinearIndex(address), out var pfn))
        {
            return (long)m.Memory.ReadWord(pfn, word);
        }
        return 0;
    }

    /// <summary>The page frame mapped at <paramref name="address"/> (0 if none): <c>pfn(P, ADDR)</c>.</summary>
    public Pfn Pfn(long address) => new(M.Lookup(P, address).Pfn);

    /// <summary>folio_ref_count of the folio mapped there: <c>refcount(P, ADDR)</c>.</summary>
    public int RefCount(long address) => Normal(address, out var head, out _) ? M.Memory.RefCount(head) : 0;

    /// <summary>This page's mapcount as /proc/kpagecount shows it: <c>mapcount(P, ADDR)</c>.</summary>
    public int MapCount(long address) => Normal(address, out _, out var info) ? M.PageMapCount(info.Pfn) : 0;

    /// <summary>FOLL_PIN pins on the folio: <c>pins(P, ADDR)</c>.</summary>
    public int Pins(long address) => Normal(address, out var head, out _) ? M.FolioPins(head) : 0;

    /// <summary>The entry is present: <c>present(P, ADDR)</c>.</summary>
    public bool Present(long address) => M.Lookup(P, address).Present;

    /// <summary>The entry is present and writable: <c>writable(P, ADDR)</c>.</summary>
    public bool Writable(long address) => M.Lookup(P, address).Writable;

    /// <summary>The entry is a swap entry: <c>swapped(P, ADDR)</c>.</summary>
    public bool Swapped(long address) => M.Lookup(P, address).Swapped;

    /// <summary>PG_anon_exclusive of the page (of the head page when PMD-mapped): <c>anon_exclusive(P, ADDR)</c>.</summary>
    public bool AnonExclusive(long address) =>
        Normal(address, out var head, out var info) && M.IsAnonExclusive(info.Level == MappingLevel.Pmd ? head : info.Pfn);

    /// <summary>pagemap's PM_MMAP_EXCLUSIVE as the era computes it: <c>mapped_exclusive(P, ADDR)</c>.</summary>
    public bool MappedExclusive(long address) => M.MappedExclusive(P, address);

    /// <summary>Mapped by a huge PMD: <c>pmd_mapped(P, ADDR)</c>.</summary>
    public bool PmdMapped(long address) => M.Lookup(P, address).Level == MappingLevel.Pmd;

    /// <summary>The page belongs to a large folio: <c>thp(P, ADDR)</c>.</summary>
    public bool Thp(long address)
    {
        var info = M.Lookup(P, address);
        return info.Present && M.IsLarge(M.Memory.Head(info.Pfn));
    }

    /// <summary>The order of the folio mapped there: <c>order(P, ADDR)</c>.</summary>
    public int Order(long address)
    {
        var info = M.Lookup(P, address);
        return info.Present ? M.FolioOrder(M.Memory.Head(info.Pfn)) : 0;
    }

    /// <summary>The page mapped at the address is a KSM page: <c>ksm(P, ADDR)</c>.</summary>
    public bool Ksm(long address) => Normal(address, out var head, out _) && M.IsKsm(head);

    /// <summary>The folio is in the swap cache: <c>swapcache(P, ADDR)</c>.</summary>
    public bool SwapCache(long address) => Normal(address, out var head, out _) && M.InSwapCache(head);

    /// <summary>A present mapping of a normal page (not the zero page), with its folio's head.</summary>
    private bool Normal(long address, out int head, out MappingInfo info)
    {
        info = M.Lookup(P, address);
        head = info.Pfn != 0 ? M.Memory.Head(info.Pfn) : 0;
        return info.Present && !info.Zero;
    }
}
