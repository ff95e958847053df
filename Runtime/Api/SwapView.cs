using MmDsl.Engine.Swap;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Api;

/// <summary>The swap device (swap_info_struct) and the swap cache, read live.</summary>
public sealed record SwapView
{
    private readonly MmApi _api;

    internal SwapView(MmApi api)
    {
        _api = api;
    }

    private SwapDevice D => _api.Live.Swap;

    /// <summary>A swap device exists (<c>set swap 0</c> removes it).</summary>
    public bool Enabled => D.Enabled;

    /// <summary>Slots on the device, the header slot 0 included.</summary>
    public int Slots => D.Slots;

    /// <summary>Slots in use (referred to by a swap entry or held by the swap cache).</summary>
    public int InUse => D.InUse;

    /// <summary>Every slot in use, in order.</summary>
    public IReadOnlyList<SwapSlotView> UsedSlots => D.UsedSlots().Select(Slot).ToList();

    /// <summary>One slot: its swap count and the folio caching it.</summary>
    public SwapSlotView Slot(int slot)
    {
        if (slot <= 0 || slot >= D.Slots)
        {
            throw new ArgumentException($"slot {slot} is not on the device (1..{D.Slots - 1})");
        }
        var cached = D.CachedFolio(slot);
        return new SwapSlotView(slot, D.SwapCount(slot), cached == 0 ? null : new Pfn(cached));
    }

    public override string ToString() =>
        Enabled ? $"swap: {Fmt.Size((long)D.Slots * MmApi.PageSize)}, {D.InUse} of {D.Slots - 1} slots in use" : "swap: none";
}

/// <summary>One swap slot (an entry of swap_map): the swap entries that refer to it, and its swap-cache folio.</summary>
public sealed record SwapSlotView(int Slot, int SwapCount, Pfn? CachedFolio)
{
    public override string ToString() =>
        $"slot {Slot} swap count {SwapCount}{(CachedFolio is { } pfn ? $" swapcache {pfn}" : string.Empty)}";
}
