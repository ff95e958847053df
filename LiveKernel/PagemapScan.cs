using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

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

    // _IOWR('f', 16, struct pm_scan_arg), sizeof(struct pm_scan_arg) == 96
    private const ulong Request = (3UL << 30) | (96UL << 16) | ((ulong)'f' << 8) | 16;

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(SafeFileHandle fd, ulong request, ref PmScanArg arg);

    [StructLayout(LayoutKind.Sequential)]
    private struct PmScanArg
    {
        public ulong Size;
        public ulong Flags;
        public ulong Start;
        public ulong End;
        public ulong WalkEnd;
        public ulong Vec;
        public ulong VecLen;
        public ulong MaxPages;
        public ulong CategoryInverted;
        public ulong CategoryMask;
        public ulong CategoryAnyOfMask;
        public ulong ReturnMask;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PageRegion
    {
        public ulong Start;
        public ulong End;
        public ulong Categories;
    }

    private const Category Reported = Category.File | Category.Present | Category.Swapped | Category.PfnZero
        | Category.Huge | Category.SoftDirty;

    /// <summary>The runs of [START, END) (real addresses) that are present or swapped; null with the reason when the kernel lacks the ioctl.</summary>
    public static Region[]? Scan(int pid, ulong start, ulong end, out string reason)
    {
        using var file = File.OpenHandle($"/proc/{pid}/pagemap", FileMode.Open, FileAccess.Read);
        var result = new List<Region>();
        var vec = new PageRegion[512];
        var pin = GCHandle.Alloc(vec, GCHandleType.Pinned);
        try
        {
            ulong at = start;
            while (at < end)
            {
                var arg = new PmScanArg
                {
                    Size = (ulong)Marshal.SizeOf<PmScanArg>(),
                    Start = at,
                    End = end,
                    Vec = (ulong)pin.AddrOfPinnedObject(),
                    VecLen = (ulong)vec.Length,
                    CategoryAnyOfMask = (ulong)(Category.Present | Category.Swapped),
                    ReturnMask = (ulong)Reported,
                };
                int n = Ioctl(file, Request, ref arg);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    reason = $"PAGEMAP_SCAN failed (errno {errno}; it needs Linux 6.7 or later)";
                    return null;
                }
                for (int i = 0; i < n; i++)
                    result.Add(new Region(vec[i].Start, vec[i].End, (Category)vec[i].Categories));
                if (arg.WalkEnd <= at)
                    break;
                at = arg.WalkEnd;
            }
        }
        finally
        {
            pin.Free();
        }
        reason = "";
        return [.. result];
    }

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
