using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace MmDsl.LiveKernel;

/// <summary>
/// One host run at a time on a machine: runs share the kernel's counters, khugepaged's knobs and the
/// THP settings, and a knob changed by two runs at once could be restored to the other run's value.
/// An exclusive <c>flock</c> on <c>$TMPDIR/mmdsl-host.lock</c>, re-entrant within a process, and
/// granted at once to a descendant of the holder (a test's helper program, a <c>mmdsl</c> the
/// holder started), whose run is part of the holder's.
/// </summary>
internal static class HostMachineLock
{
    private static readonly Lock Gate = new();
    private static SafeFileHandle? held;
    private static bool heldWritable;
    private static int depth;

    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mmdsl-host.lock");

    /// <summary>Waits up to TIMEOUT for the lock; the handle releases it. Throws <see cref="TimeoutException"/>.</summary>
    public static IDisposable Acquire(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (Gate)
            {
                if (depth > 0 || TryTake())
                {
                    depth++;
                    return new Release(owns: true);
                }
            }
            if (HeldByAncestor())
                return new Release(owns: false);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"another host run holds {Path} (pid {Holder()?.ToString(CultureInfo.InvariantCulture) ?? "?"})");
            Thread.Sleep(50);
        }
    }

    private static bool TryTake()
    {
        if (!OperatingSystem.IsLinux())
            return true;
        // Not File.OpenHandle: .NET takes a shared flock of its own to emulate FileShare, which would
        // keep another process (a descendant) from opening the file while this one holds it.
        bool writable = true;
        int fd = LibC.open(Path, LibC.OpenReadWrite | LibC.OpenCreate | LibC.OpenCloseOnExec, 0x1b6);
        if (fd < 0)
        {
            // another user's lock file: flock works on a read-only descriptor too
            fd = LibC.open(Path, LibC.OpenCloseOnExec, 0);
            writable = false;
        }
        if (fd < 0)
            throw new IOException($"cannot open {Path}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        var file = new SafeFileHandle(fd, ownsHandle: true);
        if (LibC.flock((int)file.DangerousGetHandle(), LibC.LockExclusive | LibC.LockNonBlocking) != 0)
        {
            file.Dispose();
            return false;
        }
        if (writable)
        {
            RandomAccess.SetLength(file, 0);
            RandomAccess.Write(file, System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"), 0);
        }
        held = file;
        heldWritable = writable;
        return true;
    }

    private static int? Holder()
    {
        try
        {
            int fd = LibC.open(Path, LibC.OpenCloseOnExec, 0);
            if (fd < 0)
                return null;
            using var file = new SafeFileHandle(fd, ownsHandle: true);
            var bytes = new byte[32];
            int n = RandomAccess.Read(file, bytes, 0);
            return int.TryParse(System.Text.Encoding.ASCII.GetString(bytes, 0, n).Trim(), CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool HeldByAncestor()
    {
        if (Holder() is not { } holder)
            return false;
        for (int pid = ParentOf(Environment.ProcessId); pid > 1; pid = ParentOf(pid))
            if (pid == holder)
                return true;
        return false;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private sealed class Release(bool owns) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (!owns || Interlocked.Exchange(ref done, 1) != 0)
                return;
            lock (Gate)
            {
                if (--depth > 0)
                    return;
                if (held is { } file)
                {
                    if (heldWritable)
                        RandomAccess.SetLength(file, 0);
                    file.Dispose();
                }
                held = null;
            }
        }
    }
}
