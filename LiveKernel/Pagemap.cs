namespace MmDsl.LiveKernel;

/// <summary>Reads /proc/PID/pagemap: one entry per 4K virtual page.</summary>
internal static class Pagemap
{
    public const int PageSize = 4096;

    /// <summary>Entries for PAGES pages starting at the real virtual address ADDRESS.</summary>
    public static PagemapEntry[] Read(int pid, ulong address, int pages)
    {
        var raw = KernelFiles.Current.Pagemap(pid, address, pages);
        var entries = new PagemapEntry[pages];
        for (int i = 0; i < pages; i++)
            entries[i] = new PagemapEntry(raw[i]);
        return entries;
    }

    public static PagemapEntry ReadOne(int pid, ulong address) => Read(pid, address, 1)[0];
}
