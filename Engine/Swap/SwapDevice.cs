using MmDsl.Engine.Memory;

namespace MmDsl.Engine.Swap;

/// <summary>
/// A swap device (struct swap_info_struct): slots with swap counts (swap_map), the swap cache
/// that maps a slot to the folio holding its data, and the data written to each slot. It is a
/// disk partition (or a file, <c>set swap.file on</c>) without SWP_SYNCHRONOUS_IO: every swap-in
/// goes through the swap cache. A zram-like device, whose unshared entries skip the swap cache
/// (0bcac06f27d7), is not modelled (docs/language-additions.md, "The swap device").
/// </summary>
internal sealed class SwapDevice
{
    private ushort[] _swapMap;
    private int[] _cache;
    private Dictionary<int, PageImage> _data = [];
    private SortedSet<int> _used = [];

    public SwapDevice(long slots)
    {
        Slots = (int)Math.Min(slots, int.MaxValue);
        _swapMap = [];
        _cache = [];
    }

    /// <summary>
    /// swap_map and the cache array grow with the highest slot handed out (doubling, up to the
    /// device's size): swapon is cheap, and so is copying a machine that swapped a few pages.
    /// </summary>
    private void EnsureCapacity(int end)
    {
        if (end <= _swapMap.Length)
        {
            return;
        }
        var length = (int)Math.Min(Slots, Math.Max((long)end, Math.Max(64L, _swapMap.Length * 2L)));
        Array.Resize(ref _swapMap, length);
        Array.Resize(ref _cache, length);
    }

    public int Slots { get; }

    /// <summary>Slot 0 holds the swap header and is never handed out.</summary>
    public bool Enabled => Slots > 1;

    public int InUse { get; private set; }

    public SwapDevice Clone()
    {
        var copy = (SwapDevice)MemberwiseClone();
        copy._swapMap = (ushort[])_swapMap.Clone();
        copy._cache = (int[])_cache.Clone();
        copy._data = new Dictionary<int, PageImage>(_data);
        copy._used = new SortedSet<int>(_used);
        return copy;
    }

    /// <summary>swap_map[offset] without the cache flag: swap PTEs referring to the slot.</summary>
    public int SwapCount(int offset) => offset < _swapMap.Length ? _swapMap[offset] : 0;

    /// <summary>The folio (head pfn) in the swap cache for this slot, or 0.</summary>
    public int CachedFolio(int offset) => offset < _cache.Length ? _cache[offset] : 0;

    public bool IsAllocated(int offset) => offset > 0 && offset < _swapMap.Length && (_swapMap[offset] > 0 || _cache[offset] != 0);

    /// <summary>Allocate nr contiguous, naturally aligned slots (a cluster for a THP); -1 if none.</summary>
    public int Allocate(int nr)
    {
        for (var start = nr; start + nr <= Slots; start += nr)
        {
            var free = true;
            for (var i = 0; i < nr && free; i++)
            {
                free = !IsAllocated(start + i);
            }
            if (free)
            {
                EnsureCapacity(start + nr);
                InUse += nr;
                for (var i = 0; i < nr; i++)
                {
                    _used.Add(start + i);
                }
                return start;
            }
        }
        return -1;
    }

    internal void SetCache(int offset, int head) => _cache[offset] = head;

    internal void Duplicate(int offset) => _swapMap[offset]++;

    internal void Put(int offset) => _swapMap[offset]--;

    internal void Write(int offset, PageImage image)
    {
        if (image.IsZero)
        {
            _data.Remove(offset);
        }
        else
        {
            _data[offset] = image;
        }
    }

    public PageImage Read(int offset) => _data.GetValueOrDefault(offset);

    /// <summary>swap_entry_free: the slot is free again once nothing refers to it.</summary>
    internal void FreeIfUnused(int offset)
    {
        if (_swapMap[offset] == 0 && _cache[offset] == 0 && _used.Remove(offset))
        {
            _data.Remove(offset);
            InUse--;
        }
    }

    /// <summary>Slots in use, in order.</summary>
    public IEnumerable<int> UsedSlots() => _used;
}
