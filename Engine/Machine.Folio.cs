using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;

namespace MmDsl.Engine;

/// <summary>Folio life cycle: allocation, references, and freeing (mm/page_alloc.c, mm/swap.c).</summary>
internal sealed partial class Machine
{
    public bool IsLarge(int head) => (_s.Memory.Flags(head) & PageFlags.Head) != 0;

    public int FolioOrder(int head) => IsLarge(head) ? _s.Memory.Order(head) : 0;

    public int FolioNrPages(int head) => 1 << FolioOrder(head);

    public bool IsZeroPfn(int pfn) => (_s.Memory.Flags(pfn) & PageFlags.Zero) != 0;

    /// <summary>folio_alloc / vma_alloc_folio: a folio with refcount 1, zeroed; -1 if memory is exhausted.</summary>
    internal int AllocFolio(int order)
    {
        var head = _s.Memory.Allocate(order);
        if (head < 0)
        {
            return -1;
        }
        _s.Memory.Flags(head) = PageFlags.None;
        _s.Memory.RefCount(head) = 1;
        if (order > 0)
        {
            _s.Memory.Flags(head) = PageFlags.Head;
            _s.Memory.SetOrder(head, order);
            for (var i = 1; i < 1 << order; i++)
            {
                _s.Memory.Flags(head + i) = PageFlags.Tail;
                _s.Memory.Mapping(head + i) = head;
                _s.Memory.RefCount(head + i) = 0;
            }
            _s.Large[head] = new LargeFolio(head, order);
        }
        return head;
    }

    /// <summary>folio_get</summary>
    internal void FolioGet(int head, int refs = 1) => _s.Memory.RefCount(head) += refs;

    /// <summary>folio_put / folio_put_refs: drop references, freeing the folio at zero.</summary>
    internal void FolioPut(int head, int refs = 1)
    {
        ref var count = ref _s.Memory.RefCount(head);
        count -= refs;
        if (count == 0)
        {
            FreeFolio(head);
        }
        else if (count < 0)
        {
            throw new InvalidOperationException($"refcount underflow on pfn {head:x}");
        }
    }

    /// <summary>__folio_put: the last reference is gone; give the frames back to the buddy allocator.</summary>
    private void FreeFolio(int head)
    {
        var order = FolioOrder(head);
        var nr = 1 << order;
        if ((_s.Memory.Flags(head) & PageFlags.DeferredSplit) != 0)
        {
            _s.DeferredSplit.Remove(head);
        }
        for (var i = 0; i < nr; i++)
        {
            var pfn = head + i;
            _s.Memory.ClearContents(pfn);
            _s.Memory.Flags(pfn) = PageFlags.None;
            _s.Memory.MapCount(pfn) = 0;
            _s.Memory.Mapping(pfn) = 0;
            _s.Memory.Index(pfn) = 0;
            _s.Memory.RefCount(pfn) = 0;
        }
        _s.Large.Remove(head);
        _s.Memory.Free(head, order);
        Stats.Count(VmEvent.PgFree, nr);
        Emit(new FolioFreedEvent(head, order));
    }

    /// <summary>folio_maybe_dma_pinned: pincount on large folios, the bias on small ones.</summary>
    public bool FolioMaybeDmaPinned(int head) =>
        IsLarge(head) ? _s.Large[head].PinCount > 0 : _s.Memory.RefCount(head) >= GupPinCountingBias;

    /// <summary>GUP_PIN_COUNTING_BIAS</summary>
    public const int GupPinCountingBias = 1024;

    /// <summary>folio_mapped: is any page of the folio mapped anywhere?</summary>
    public bool FolioMapped(int head)
    {
        if (IsLarge(head))
        {
            return _s.Large[head].LargeMapCount > 0;
        }
        return _s.Memory.MapCount(head) > 0;
    }

    /// <summary>folio_mapcount: PTE mappings plus PMD mappings (each PMD counts once).</summary>
    public int FolioMapCount(int head) =>
        IsLarge(head) ? _s.Large[head].LargeMapCount : _s.Memory.MapCount(head);

    /// <summary>folio_precise_page_mapcount: this page's PTE mappings plus the folio's PMD mappings.</summary>
    public int PageMapCount(int pfn)
    {
        if (IsZeroPfn(pfn))
        {
            return 0;
        }
        var head = _s.Memory.Head(pfn);
        int count = _s.Memory.MapCount(pfn);
        if (IsLarge(head))
        {
            count += _s.Large[head].EntireMapCount;
        }
        return count;
    }

    public bool IsAnonExclusive(int pfn) => (_s.Memory.Flags(pfn) & PageFlags.AnonExclusive) != 0;

    internal void SetAnonExclusive(int pfn)
    {
        if (_hasAnonExclusive)
        {
            _s.Memory.Set(pfn, PageFlags.AnonExclusive);
        }
    }

    internal void ClearAnonExclusive(int pfn) => _s.Memory.Clear(pfn, PageFlags.AnonExclusive);
}
