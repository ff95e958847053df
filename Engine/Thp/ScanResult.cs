namespace MmDsl.Engine;

/// <summary>What a collapse attempt on one PMD range ended in: enum scan_result of mm/khugepaged.c.</summary>
internal enum ScanResult
{
    Succeed,
    VmaCheck,
    PmdNull,
    PmdNone,
    PmdMapped,
    ExceedNonePte,
    ExceedSwapPte,
    ExceedSharedPte,
    PageAnon,
    PageCompound,
    PageCount,
    PageRo,
    LackReferencedPage,
    AllocHugePageFail,
    Fail,
    PteNonPresent,
    PteUffdWp,
    PageNull,
    PageLock,
    PageLru,
    DelPageLru,
    CgroupChargeFail,
    PageFilled,
}

internal static class ScanResults
{
    /// <summary>The kernel's name of the result, e.g. <c>SCAN_PAGE_COUNT</c>.</summary>
    public static string KernelName(this ScanResult result) => result switch
    {
        ScanResult.Succeed => "SCAN_SUCCEED",
        ScanResult.VmaCheck => "SCAN_VMA_CHECK",
        ScanResult.PmdNull => "SCAN_PMD_NULL",
        ScanResult.PmdNone => "SCAN_PMD_NONE",
        ScanResult.PmdMapped => "SCAN_PMD_MAPPED",
        ScanResult.ExceedNonePte => "SCAN_EXCEED_NONE_PTE",
        ScanResult.ExceedSwapPte => "SCAN_EXCEED_SWAP_PTE",
        ScanResult.ExceedSharedPte => "SCAN_EXCEED_SHARED_PTE",
        ScanResult.PageAnon => "SCAN_PAGE_ANON",
        ScanResult.PageCompound => "SCAN_PAGE_COMPOUND",
        ScanResult.PageCount => "SCAN_PAGE_COUNT",
        ScanResult.PageRo => "SCAN_PAGE_RO",
        ScanResult.LackReferencedPage => "SCAN_LACK_REFERENCED_PAGE",
        ScanResult.Fail => "SCAN_FAIL",
        ScanResult.PteNonPresent => "SCAN_PTE_NON_PRESENT",
        ScanResult.PteUffdWp => "SCAN_PTE_UFFD_WP",
        ScanResult.PageNull => "SCAN_PAGE_NULL",
        ScanResult.PageLock => "SCAN_PAGE_LOCK",
        ScanResult.PageLru => "SCAN_PAGE_LRU",
        ScanResult.DelPageLru => "SCAN_DEL_PAGE_LRU",
        ScanResult.CgroupChargeFail => "SCAN_CGROUP_CHARGE_FAIL",
        ScanResult.PageFilled => "SCAN_PAGE_FILLED",
        _ => "SCAN_ALLOC_HUGE_PAGE_FAIL",
    };
}
