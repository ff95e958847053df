using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MmDsl.LiveKernel;

/// <summary>
/// A swap file for one host run, on a machine that has no swap: written with zeros (a swap file
/// may have no holes), given a swap header (what mkswap writes: version 1, the last page, the
/// SWAPSPACE2 magic at the end of the first page) and activated with swapon(2). Dispose runs
/// swapoff(2) and deletes it; so do process exit, Ctrl-C, SIGTERM, SIGHUP and SIGQUIT; a file left active
/// by a process that died of SIGKILL is taken down by the next activation. Needs root and a
/// directory on a filesystem that takes swap files (ext4, xfs, btrfs; not tmpfs).
/// </summary>
internal sealed class TemporarySwap : IDisposable
{
    private const int PageSize = 4096;
    private static readonly Lock Gate = new();
    private static readonly List<TemporarySwap> Active = [];
    private static readonly Lazy<string?> Refusal = new(Probe);
    private static bool hooked;
    private int disposed;

    private TemporarySwap(string path, long bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    /// <summary>The default directory: $MMDSL_SWAP_DIR, else /var/tmp (a disk, where /tmp may be tmpfs).</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("MMDSL_SWAP_DIR") is { Length: > 0 } dir ? dir : "/var/tmp";

    /// <summary>Why this machine cannot activate a swap file (not root, a filesystem that refuses swap files), or null: tried once per process, with 40K.</summary>
    public static string? WhyNot => Refusal.Value;

    public string Path { get; }

    public long Bytes { get; }

    /// <summary>Creates and activates a swap file of BYTES (at least 40K) in DIRECTORY. Throws <see cref="IOException"/> with the reason.</summary>
    public static TemporarySwap Activate(long bytes, string? directory = null) =>
        Activate(bytes, directory, $"{Environment.ProcessId}-{SysfsOverrides.ProcessStart(Environment.ProcessId)}");

    /// <summary>As <see cref="Activate(long, string?)"/>, naming OWNER (<c>PID-STARTTIME</c>) as the process the file belongs to.</summary>
    internal static TemporarySwap Activate(long bytes, string? directory, string owner)
    {
        if (!OperatingSystem.IsLinux() || LibC.geteuid() != 0)
            throw new IOException("a swap file for the run needs Linux and root");
        if (bytes < 10 * PageSize)
            throw new IOException("a swap file for the run needs at least 40K");
        directory ??= DefaultDirectory;
        RecoverAbandoned(directory);
        string path = System.IO.Path.Combine(directory, $"mmdsl-{owner}-{Guid.NewGuid():N}.swap");
        var swap = new TemporarySwap(path, bytes - (bytes % PageSize));
        try
        {
            WriteSwapFile(path, swap.Bytes);
            try
            {
                KernelFiles.Current.SwapOn(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"swapon {path}: {e.Message} (the filesystem may not take swap files; set MMDSL_SWAP_DIR)", e);
            }
        }
        catch
        {
            TryDelete(path);
            throw;
        }
        lock (Gate)
        {
            Active.Add(swap);
            if (!hooked)
            {
                hooked = true;
                ExitHooks.Register(DisposeAll);
            }
        }
        return swap;
    }

    /// <summary>Takes down the swap files that processes which died left active in DIRECTORY.</summary>
    public static int RecoverAbandoned(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!Directory.Exists(directory))
            return 0;
        int recovered = 0;
        foreach (string file in Directory.GetFiles(directory, "mmdsl-*.swap"))
        {
            string[] parts = System.IO.Path.GetFileNameWithoutExtension(file).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int pid) || SysfsOverrides.ProcessStart(pid) == parts[2])
                continue;
            TrySwapOff(file);
            if (TryDelete(file))
                recovered++;
        }
        return recovered;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        TrySwapOff(Path);
        TryDelete(Path);
        lock (Gate)
            Active.Remove(this);
    }

    private static string? Probe()
    {
        try
        {
            // swapon changes the machine for every run on it: not while another host run goes on
            using var quiet = HostMachineLock.Acquire(TimeSpan.FromMinutes(10));
            using var swap = Activate(10 * PageSize);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            return e.Message;
        }
    }

    private static void WriteSwapFile(string path, long bytes)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var header = new byte[PageSize];
        // union swap_header: bootbits[1024], then version, last_page, nr_badpages, uuid[16], volume_name[16]
        BitConverter.TryWriteBytes(header.AsSpan(1024), 1u);
        BitConverter.TryWriteBytes(header.AsSpan(1028), (uint)(bytes / PageSize - 1));
        Encoding.ASCII.GetBytes("mmdsl").CopyTo(header.AsSpan(1052));
        Encoding.ASCII.GetBytes("SWAPSPACE2").CopyTo(header.AsSpan(PageSize - 10));
        file.Write(header);
        var zeros = new byte[1 << 20];
        for (long written = PageSize; written < bytes; written += zeros.Length)
            file.Write(zeros, 0, (int)Math.Min(zeros.Length, bytes - written));
        file.Flush(flushToDisk: true);
    }

    private static void DisposeAll()
    {
        TemporarySwap[] all;
        lock (Gate)
            all = [.. Active];
        foreach (var swap in all)
            swap.Dispose();
    }

    private static void TrySwapOff(string path)
    {
        try
        {
            KernelFiles.Current.SwapOff(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HostAgentException or HostUnavailableException)
        {
            // not active, or the hub is gone: the file is deleted anyway
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
