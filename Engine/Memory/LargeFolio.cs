namespace MmDsl.Engine.Memory;

/// <summary>
/// The folio fields that exist only for large folios (they live in the first tail pages of
/// struct folio): entire mapcount, large mapcount, pincount, the two MM owner slots of 6.15's
/// MM-ID tracking, and the deferred-split queue state.
/// </summary>
internal sealed class LargeFolio
{
    public LargeFolio(int head, int order)
    {
        Head = head;
        Order = order;
    }

    public int Head { get; }

    public int Order { get; }

    public int NrPages => 1 << Order;

    /// <summary>_entire_mapcount, unbiased: number of PMD mappings of the whole folio.</summary>
    public int EntireMapCount { get; set; }

    /// <summary>_large_mapcount, unbiased (6.10+): PMD mappings count 1, each PTE mapping 1.</summary>
    public int LargeMapCount { get; set; }

    /// <summary>_pincount: FOLL_PIN pins on the folio.</summary>
    public int PinCount { get; set; }

    /// <summary>_mm_id[0] and _mm_id[1] (0 = free slot, MM_ID_DUMMY).</summary>
    public int MmId0 { get; set; }

    public int MmId1 { get; set; }

    /// <summary>_mm_id_mapcount[0..1], unbiased.</summary>
    public int MmMapCount0 { get; set; }

    public int MmMapCount1 { get; set; }

    /// <summary>FOLIO_MM_IDS_SHARED_BIT: "maybe mapped shared".</summary>
    public bool MaybeShared { get; set; }

    public LargeFolio Clone() => (LargeFolio)MemberwiseClone();

    /// <summary>folio_add_large_mapcount with MM-ID tracking (include/linux/rmap.h, 6.15).</summary>
    public void AddLargeMapCount(int diff, int mmId)
    {
        LargeMapCount += diff;
        if (MmId0 == mmId)
        {
            MmMapCount0 += diff;
        }
        else if (MmId1 == mmId)
        {
            MmMapCount1 += diff;
        }
        else if (MmId0 == 0)
        {
            MmId0 = mmId;
            MmMapCount0 = diff;
            if (LargeMapCount != diff)
            {
                MaybeShared = true;
            }
        }
        else if (MmId1 == 0)
        {
            MmId1 = mmId;
            MmMapCount1 = diff;
            MaybeShared = true;
        }
    }

    /// <summary>folio_sub_large_mapcount with MM-ID tracking (include/linux/rmap.h, 6.15).</summary>
    public void SubLargeMapCount(int diff, int mmId)
    {
        LargeMapCount -= diff;
        if (MmId0 == mmId)
        {
            MmMapCount0 -= diff;
            if (MmMapCount0 > 0)
            {
                return;
            }
            MmMapCount0 = 0;
            MmId0 = 0;
        }
        else if (MmId1 == mmId)
        {
            MmMapCount1 -= diff;
            if (MmMapCount1 > 0)
            {
                return;
            }
            MmMapCount1 = 0;
            MmId1 = 0;
        }

        // One slot owning every mapping (or none left) means mapped exclusively.
        if (MmMapCount0 == LargeMapCount || MmMapCount1 == LargeMapCount)
        {
            MaybeShared = false;
        }
    }
}
