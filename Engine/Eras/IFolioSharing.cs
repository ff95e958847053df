namespace MmDsl.Engine.Eras;

/// <summary>How shared a folio looks, by the estimates different kernels use.</summary>
internal interface IFolioSharing
{
    /// <summary>page_mapcount of the first page (folio_estimated_sharers).</summary>
    int FirstPageMapCount { get; }

    /// <summary>folio_likely_mapped_shared (6.10-6.14).</summary>
    bool LikelyMappedShared { get; }

    /// <summary>folio_maybe_mapped_shared (6.15+: the MM-ID bit for large folios).</summary>
    bool MaybeMappedShared { get; }
}
