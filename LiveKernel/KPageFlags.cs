namespace MmDsl.LiveKernel;

/// <summary>
/// /proc/kpageflags bits. 0-26 are the stable ABI of include/uapi/linux/kernel-page-flags.h (read on this
/// machine); 32 and up are the kernel's "hacking assistance" bits of include/linux/kernel-page-flags.h,
/// which the kernel exports as well but may renumber.
/// </summary>
[Flags]
internal enum KPageFlag : ulong
{
    None = 0,
    Locked = 1UL << 0,
    Error = 1UL << 1,
    Referenced = 1UL << 2,
    Uptodate = 1UL << 3,
    Dirty = 1UL << 4,
    Lru = 1UL << 5,
    Active = 1UL << 6,
    Slab = 1UL << 7,
    Writeback = 1UL << 8,
    Reclaim = 1UL << 9,
    Buddy = 1UL << 10,
    Mmap = 1UL << 11,
    Anon = 1UL << 12,
    SwapCache = 1UL << 13,
    SwapBacked = 1UL << 14,
    CompoundHead = 1UL << 15,
    CompoundTail = 1UL << 16,
    Huge = 1UL << 17,
    Unevictable = 1UL << 18,
    HwPoison = 1UL << 19,
    NoPage = 1UL << 20,
    Ksm = 1UL << 21,

    /// <summary>Part of an anonymous large folio of any order (PMD-sized or mTHP), not only a PMD-mapped one.</summary>
    Thp = 1UL << 22,
    Offline = 1UL << 23,

    /// <summary>The shared zero page or the huge zero page.</summary>
    ZeroPage = 1UL << 24,
    Idle = 1UL << 25,
    PageTable = 1UL << 26,

    Reserved = 1UL << 32,
    Mlocked = 1UL << 33,

    /// <summary>
    /// KPF_MAPPEDTODISK copies PG_mappedtodisk, which anonymous pages reuse as PG_anon_exclusive. For a
    /// large folio the kernel reports the first page's flag for every page of the folio.
    /// </summary>
    MappedToDisk = 1UL << 34,
    Private = 1UL << 35,
    Private2 = 1UL << 36,
    OwnerPrivate = 1UL << 37,
    Arch = 1UL << 38,
    Uncached = 1UL << 39,
    SoftDirty = 1UL << 40,
    Arch2 = 1UL << 41,
    Arch3 = 1UL << 42,
}

/// <summary>Reads /proc/kpageflags (root only).</summary>
internal static class KPageFlags
{
    public const string Path = "/proc/kpageflags";

    public static KPageFlag Read(ulong pfn) => (KPageFlag)KernelFiles.Current.KPageFlags(pfn, 1)[0];

    public static KPageFlag[] Read(ulong pfn, int count) =>
        Array.ConvertAll(KernelFiles.Current.KPageFlags(pfn, count), w => (KPageFlag)w);

    /// <summary>The order of the folio holding PFN, found by walking its compound head and tail flags.</summary>
    public static int FolioOrder(ulong pfn)
    {
        var flags = Read(pfn);
        if ((flags & (KPageFlag.CompoundHead | KPageFlag.CompoundTail)) == 0)
            return 0;
        const int window = 1 << 10;
        ulong head = pfn;
        if ((flags & KPageFlag.CompoundTail) != 0)
        {
            ulong start = pfn >= window ? pfn - window : 0;
            var before = Read(start, (int)(pfn - start));
            int i = before.Length - 1;
            while (i >= 0 && (before[i] & KPageFlag.CompoundTail) != 0)
                i--;
            if (i < 0 || (before[i] & KPageFlag.CompoundHead) == 0)
                return -1;
            head = start + (ulong)i;
        }
        var after = Read(head + 1, window);
        int tails = 0;
        while (tails < after.Length && (after[tails] & KPageFlag.CompoundTail) != 0)
            tails++;
        int pages = tails + 1;
        return (pages & (pages - 1)) == 0 ? System.Numerics.BitOperations.Log2((uint)pages) : -1;
    }
}
