using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace MmDsl.LiveKernel;

/// <summary>Reads /proc/PID/pagemap: one entry per 4K virtual page.</summary>
internal static class Pagemap
{
    public const int PageSize = 4096;

    /// <summary>Entries for PAGES pages starting at the real virtual address ADDRESS.</summary>
    public static PagemapEntry[] Read(int pid, ulong address, int pages)
    {
        using var file = File.OpenHandle($"/proc/{pid}/pagemap", FileMode.Open, FileAccess.Read);
        var raw = ProcTable.ReadWords(file, address / PageSize, pages);
        var entries = new PagemapEntry[pages];
        for (int i = 0; i < pages; i++)
            entries[i] = new PagemapEntry(raw[i]);
        return entries;
    }

    public static PagemapEntry ReadOne(int pid, ulong address) => Read(pid, address, 1)[0];
}

/// <summary>Tables of 64-bit words indexed by page or pfn: pagemap, kpagecount, kpageflags.</summary>
internal static class ProcTable
{
    public static ulong[] ReadWords(SafeFileHandle file, ulong index, int count)
    {
        var bytes = new byte[count * 8];
        int done = 0;
        while (done < bytes.Length)
        {
            int n = RandomAccess.Read(file, bytes.AsSpan(done), checked((long)(index * 8) + done));
            if (n <= 0)
                break;
            done += n;
        }
        var words = new ulong[count];
        for (int i = 0; i < done / 8; i++)
            words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        return words;
    }

    public static ulong[] ReadWords(string path, ulong index, int count)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        return ReadWords(file, index, count);
    }
}
