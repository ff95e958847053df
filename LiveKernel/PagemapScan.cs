namespace MmDsl.LiveKernel;

/// <summary>
/// The PAGEMAP_SCAN ioctl on /proc/PID/pagemap (Linux 6.7+): which pages of a range are present,
/// swapped, huge (mapped by a PMD), ... reported as runs of equal categories.
/// </summary>
internal static class PagemapScan
{
    [Flags]
    public enum Category : ulong
    {
        None = 0,
        WpAllowed = 1 << 0,
        Written = 1 << 1,
        File = 1 << 2,
        Present = 1 << 3,
        Swapped = 1 << 4,
        PfnZero = 1 << 5,

        /// <summary>Mapped by a PMD (a THP mapped whole) or hugetlb.</summary>
        Huge = 1 << 6,
        SoftDirty = 1 << 7,
    }

    /// <summary>One run [Start, End) of pages with the same categories.</summary>
    public readonly record struct Region(ulong Start, ulong End, Category Categories);

    /// <summary>The runs of [START, END) (real addresses) that are present or swapped; null with the reason when the kernel lacks the ioctl.</summary>
    public static Region[]? Scan(int pid, ulong start, ulong end, out string reason) =>
        KernelFiles.Current.PagemapScan(pid, start, end, out reason);

    /// <summary>The categories of the page at ADDRESS (real), or null with the reason.</summary>
    public static Category? At(int pid, ulong address, out string reason)
    {
        ulong page = address & ~(ulong)(Pagemap.PageSize - 1);
        var regions = Scan(pid, page, page + Pagemap.PageSize, out reason);
        if (regions is null)
            return null;
        foreach (var r in regions)
            if (r.Start <= page && page < r.End)
                return r.Categories;
        return Category.None;
    }
}
