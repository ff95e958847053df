namespace MmDsl.LiveKernel;

/// <summary>
/// /proc/kpagecount: per pfn, how often the page is mapped (the era's page_mapcount; with
/// CONFIG_PAGE_MAPCOUNT, as on 6.18 here, the precise per-page mapcount). Not the refcount.
/// </summary>
internal static class KPageCount
{
    public const string Path = "/proc/kpagecount";

    public static ulong Read(ulong pfn) => KernelFiles.Current.KPageCount(pfn, 1)[0];

    public static ulong[] Read(ulong pfn, int count) => KernelFiles.Current.KPageCount(pfn, count);
}
