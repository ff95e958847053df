namespace MmDsl.Engine.Memory;

/// <summary>
/// The buddy allocator (mm/page_alloc.c): free lists per order, LIFO like the kernel's, blocks
/// split on allocation (the low half is handed out, expand()) and merged with their buddy on free
/// (__free_one_page). Frames above <see cref="_frontier"/> have never been touched; they are
/// carved into the free lists a max-order block at a time.
/// </summary>
internal sealed partial class PhysicalMemory
{
    /// <summary>MAX_PAGE_ORDER: the largest block, 4 MiB.</summary>
    public const int MaxOrder = 10;

    private readonly int[] _freeHead;
    private readonly long[] _freeCount;
    private int _frontier;

    /// <summary>Free frames, counting the never-touched ones.</summary>
    public long FreePages { get; private set; }

    /// <summary>Reserve [0, <paramref name="end"/>) for the kernel: never allocated.</summary>
    public void ReserveBoot(int end)
    {
        for (var pfn = 0; pfn < end; pfn++)
        {
            Flags(pfn) = PageFlags.Reserved;
        }
        _frontier = end;
        FreePages = TotalPages - end;
    }

    /// <summary>Free blocks per order (for /proc/buddyinfo-like output and tests).</summary>
    public long FreeBlocks(int order) => _freeCount[order];

    /// <summary>Allocate a naturally aligned block of 2^order frames; -1 when memory is exhausted.</summary>
    public int Allocate(int order)
    {
        var found = order;
        while (found <= MaxOrder && _freeHead[found] < 0)
        {
            found++;
        }
        if (found > MaxOrder)
        {
            if (!CarveFrontier(order))
            {
                return -1;
            }
            return Allocate(order);
        }

        var pfn = _freeHead[found];
        RemoveFree(pfn, found);
        while (found > order)
        {
            found--;
            AddFree(pfn + (1 << found), found);
        }
        FreePages -= 1L << order;
        return pfn;
    }

    /// <summary>Return a block to the allocator, merging it with free buddies.</summary>
    public void Free(int pfn, int order)
    {
        FreePages += 1L << order;
        while (order < MaxOrder)
        {
            var buddy = pfn ^ (1 << order);
            if (buddy >= _frontier || (Flags(buddy) & PageFlags.Buddy) == 0 || Order(buddy) != order)
            {
                break;
            }
            RemoveFree(buddy, order);
            pfn = Math.Min(pfn, buddy);
            order++;
        }
        AddFree(pfn, order);
    }

    private bool CarveFrontier(int order)
    {
        // Take the largest aligned block that fits below the end of memory.
        for (var o = MaxOrder; o >= order; o--)
        {
            var size = 1 << o;
            if ((_frontier & (size - 1)) == 0 && _frontier + size <= TotalPages)
            {
                var pfn = _frontier;
                _frontier += size;
                AddFree(pfn, o);
                return true;
            }
        }
        return false;
    }

    private void AddFree(int pfn, int order)
    {
        Flags(pfn) = PageFlags.Buddy;
        SetOrder(pfn, order);
        var next = _freeHead[order];
        Index(pfn) = Link(-1, next);
        if (next >= 0)
        {
            Index(next) = Link(pfn, Next(next));
        }
        _freeHead[order] = pfn;
        _freeCount[order]++;
    }

    private void RemoveFree(int pfn, int order)
    {
        var prev = Prev(pfn);
        var next = Next(pfn);
        if (prev >= 0)
        {
            Index(prev) = Link(Prev(prev), next);
        }
        else
        {
            _freeHead[order] = next;
        }
        if (next >= 0)
        {
            Index(next) = Link(prev, Next(next));
        }
        Flags(pfn) = PageFlags.None;
        Index(pfn) = 0;
        _freeCount[order]--;
    }

    private static long Link(int prev, int next) => ((long)prev << 32) | (uint)next;

    private int Prev(int pfn) => (int)(Index(pfn) >> 32);

    private int Next(int pfn) => (int)(uint)Index(pfn);
}
