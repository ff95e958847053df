using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MmDsl.LiveKernel;

/// <summary>The few libc calls the host backend needs (Linux x86-64 and arm64 share these numbers).</summary>
internal static class LibC
{
    public const int SigKill = 9;
    public const short PollIn = 1;
    private const long SysPidfdSendSignal = 424;
    private const long SysPidfdOpen = 434;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    public static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    public static extern int swapon(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int swapoff(string path);

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);

    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;

    [DllImport("libc", SetLastError = true)]
    public static extern int flock(int fd, int operation);

    public const int OpenReadWrite = 2;
    public const int OpenCreate = 0x40;
    public const int OpenCloseOnExec = 0x80000;

    /// <summary>open(2) without the advisory lock .NET takes to emulate FileShare.</summary>
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int poll([In, Out] PollFd[] fds, ulong count, int timeoutMs);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long syscall2(long number, long a, long b);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long syscall4(long number, long a, long b, long c, long d);

    /// <summary>pidfd_open(2): a descriptor that names this very process, safe from pid reuse.</summary>
    public static SafeFileHandle? PidfdOpen(int pid)
    {
        long fd = syscall2(SysPidfdOpen, pid, 0);
        return fd < 0 ? null : new SafeFileHandle((IntPtr)fd, ownsHandle: true);
    }

    public static bool PidfdSendSignal(SafeFileHandle pidfd, int signal) =>
        syscall4(SysPidfdSendSignal, pidfd.DangerousGetHandle(), signal, 0, 0) == 0;

    /// <summary>Waits until the fd is readable (for a pidfd: the process has exited).</summary>
    public static bool WaitReadable(SafeFileHandle fd, TimeSpan timeout)
    {
        var fds = new[] { new PollFd { Fd = (int)fd.DangerousGetHandle(), Events = PollIn } };
        int ms = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        return poll(fds, 1, ms) > 0 && (fds[0].Revents & PollIn) != 0;
    }
}
