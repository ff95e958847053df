using System.Buffers.Binary;
using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>
/// What the live backend reads and writes of the kernel it runs on: /proc and /sys files,
/// pagemap, kpagecount, kpageflags, PAGEMAP_SCAN, smaps, vmstat, the per-size THP statistics, swap
/// on and off. <see cref="HubKernelFiles"/> answers them through a hub, inside the target (this
/// machine or a virtual one). Errors come as the exceptions file access throws:
/// <see cref="FileNotFoundException"/>, <see cref="UnauthorizedAccessException"/>, <see cref="IOException"/>.
/// </summary>
internal interface IKernelFiles
{
    bool Exists(string path);

    string ReadText(string path);

    void WriteText(string path, string text);

    /// <summary>/proc/PID/pagemap entries of PAGES pages from the real address ADDRESS (zeros past the end).</summary>
    ulong[] Pagemap(int pid, ulong address, int pages);

    ulong[] KPageCount(ulong pfn, int count);

    ulong[] KPageFlags(ulong pfn, int count);

    /// <summary>The PAGEMAP_SCAN runs of [START, END) that are present or swapped; null with the reason where the kernel has no such ioctl.</summary>
    PagemapScan.Region[]? PagemapScan(int pid, ulong start, ulong end, out string reason);

    string Smaps(int pid);

    string VmStat();

    /// <summary>Every per-size THP statistic, keyed <c>hugepages-64kB/stats/anon_fault_alloc</c>.</summary>
    IReadOnlyDictionary<string, long> ThpStats();

    /// <summary>The THP sizes the kernel offers (kB), from the hub's handshake.</summary>
    IReadOnlyList<int> ThpSizesKb();

    /// <summary>The hub's handshake: the target kernel, its page size, THP sizes, swap, io_uring, the hub's uid.</summary>
    HubInfo Hello();

    void SwapOn(string path);

    void SwapOff(string path);

    /// <summary>
    /// memfd_create + ftruncate inside the target: the hub holds the file; the reply is <c>ok FD LINK</c>,
    /// LINK the <c>/proc/HUB/fd/FD</c> path an agent maps it through. <c>fdwrite</c>, <c>fdread</c> and
    /// <c>fdclose</c> take FD.
    /// </summary>
    AgentReply Memfd(string command);
}

/// <summary>The kernel files of the current target (<see cref="HubTargets.Current"/>).</summary>
internal static class KernelFiles
{
    public static IKernelFiles Current => HubTargets.Current.Files;

    /// <summary>Whether PATH is the kernel's (/proc, /sys): those are read inside the target; any other path (a test's stand-in tree) is a file here.</summary>
    public static bool IsKernelPath(string path) =>
        path.StartsWith("/proc/", StringComparison.Ordinal) || path.StartsWith("/sys/", StringComparison.Ordinal);

    public static bool Exists(string path) =>
        IsKernelPath(path) ? Current.Exists(path) : File.Exists(path) || Directory.Exists(path);

    public static string ReadText(string path) => IsKernelPath(path) ? Current.ReadText(path) : File.ReadAllText(path);

    public static void WriteText(string path, string text)
    {
        if (IsKernelPath(path))
            Current.WriteText(path, text);
        else
            File.WriteAllText(path, text);
    }

    public static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}

/// <summary><see cref="IKernelFiles"/> answered by a hub: the files of the kernel the hub runs on.</summary>
internal sealed class HubKernelFiles(Func<HubConnection> hub) : IKernelFiles
{
    public bool Exists(string path) => Ask($"exists {Word(path)}", path).Text == "1";

    public string ReadText(string path) => Hex.Text(Ask($"readfile {Word(path)}", path).Text);

    public void WriteText(string path, string text) => Ask($"writefile {Word(path)} {Hex.Of(text)}", path);

    public ulong[] Pagemap(int pid, ulong address, int pages) =>
        Words(Ask(string.Create(CultureInfo.InvariantCulture, $"pagemap {pid} 0x{address:x} {pages}"), $"/proc/{pid}/pagemap"), pages);

    public ulong[] KPageCount(ulong pfn, int count) =>
        Words(Ask(string.Create(CultureInfo.InvariantCulture, $"kpagecount 0x{pfn:x} {count}"), "/proc/kpagecount"), count);

    public ulong[] KPageFlags(ulong pfn, int count) =>
        Words(Ask(string.Create(CultureInfo.InvariantCulture, $"kpageflags 0x{pfn:x} {count}"), "/proc/kpageflags"), count);

    public PagemapScan.Region[]? PagemapScan(int pid, ulong start, ulong end, out string reason)
    {
        var reply = hub().Call(0, string.Create(CultureInfo.InvariantCulture, $"pagescan {pid} 0x{start:x} 0x{end:x}"));
        if (!reply.Ok)
        {
            if (reply.Error!.Name is "ENOENT" or "EACCES" or "EPERM" or "ESRCH")
                throw Failure(reply.Error, $"/proc/{pid}/pagemap");
            reason = $"PAGEMAP_SCAN failed ({reply.Error.Name}; it needs Linux 6.7 or later)";
            return null;
        }
        var bytes = Hex.Bytes(reply.Text);
        var regions = new PagemapScan.Region[bytes.Length / 24];
        for (int i = 0; i < regions.Length; i++)
        {
            var at = bytes.AsSpan(i * 24);
            regions[i] = new PagemapScan.Region(BinaryPrimitives.ReadUInt64LittleEndian(at),
                BinaryPrimitives.ReadUInt64LittleEndian(at[8..]), (PagemapScan.Category)BinaryPrimitives.ReadUInt64LittleEndian(at[16..]));
        }
        reason = "";
        return regions;
    }

    public string Smaps(int pid) => Hex.Text(Ask($"smaps {pid}", $"/proc/{pid}/smaps").Text);

    public string VmStat() => Hex.Text(Ask("vmstat", "/proc/vmstat").Text);

    public IReadOnlyDictionary<string, long> ThpStats()
    {
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        var reply = hub().Call(0, "thpstats");
        if (!reply.Ok)
            return stats;
        foreach (string line in KernelFiles.Lines(Hex.Text(reply.Text)))
        {
            int space = line.LastIndexOf(' ');
            if (space > 0 && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                stats[line[..space]] = value;
        }
        return stats;
    }

    public IReadOnlyList<int> ThpSizesKb() => hub().Info.ThpSizesKb;

    public HubInfo Hello() => hub().Info;

    public void SwapOn(string path) => Ask($"swapon {Word(path)}", path);

    public void SwapOff(string path) => Ask($"swapoff {Word(path)}", path);

    public AgentReply Memfd(string command) => hub().Call(0, command);

    private AgentReply Ask(string command, string path)
    {
        var reply = hub().Call(0, command);
        return reply.Ok ? reply : throw Failure(reply.Error!, path);
    }

    private static Exception Failure(HostError error, string path) => error.Name switch
    {
        "ENOENT" or "ESRCH" => new FileNotFoundException($"{path}: {error}", path),
        "EACCES" or "EPERM" => new UnauthorizedAccessException($"{path}: {error}"),
        _ => new IOException($"{path}: {error}"),
    };

    private static string Word(string path) =>
        path.Length == 0 || path.Any(c => c is ' ' or '\t' or '\n' or '\r')
            ? throw new ArgumentException($"a path the protocol cannot carry: '{path}'", nameof(path)) : path;

    private static ulong[] Words(AgentReply reply, int count)
    {
        var bytes = Hex.Bytes(reply.Text);
        var words = new ulong[count];
        for (int i = 0; i < Math.Min(count, bytes.Length / 8); i++)
            words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        return words;
    }
}
