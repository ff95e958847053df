using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Vm;

namespace MmDsl.Runtime.Tests.Vm;

/// <summary>Each fetched kernel booted once, with init's echo loop on the protocol port and 64M of zram swap.</summary>
public sealed class EchoGuests : IDisposable
{
    public const long Swap = 64L << 20;

    private readonly Dictionary<string, Lazy<(VmGuest? Guest, Exception? Error)>> guests = new();

    public EchoGuests()
    {
        foreach (string series in KernelCache.Series)
        {
            guests[series] = new Lazy<(VmGuest?, Exception?)>(() =>
            {
                try
                {
                    return (VmGuest.Boot(Options(series)), null);
                }
                catch (Exception e)
                {
                    return (null, e);
                }
            });
        }
    }

    internal static VmGuestOptions Options(string series, long swap = Swap) => new()
    {
        Kernel = KernelCache.Kernel(series)!,
        Exec = VmExec.Echo,
        SwapBytes = swap,
        Accel = VmAccel.Auto,
    };

    internal VmGuest Get(string series)
    {
        var (guest, error) = guests[series].Value;
        if (error is not null)
            throw new Xunit.Sdk.XunitException($"kernel {series} did not boot: {error}");
        return guest!;
    }

    public void Dispose()
    {
        foreach (var lazy in guests.Values)
        {
            if (lazy.IsValueCreated)
                lazy.Value.Guest?.Dispose();
        }
    }
}

[Collection(VmCollection.Name)]
public sealed class VmGuestTests(EchoGuests guests) : IClassFixture<EchoGuests>
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);

    [VmFact("5.10")]
    public void Kernel_5_10_boots_with_zram_and_echoes() => BootsAndEchoes("5.10");

    [VmFact("6.1")]
    public void Kernel_6_1_boots_with_zram_and_echoes() => BootsAndEchoes("6.1");

    [VmFact("6.12")]
    public void Kernel_6_12_boots_with_zram_and_echoes() => BootsAndEchoes("6.12");

    private void BootsAndEchoes(string series)
    {
        var guest = guests.Get(series);
        string kernel = KernelCache.Kernel(series)!;
        Assert.Equal(KernelImage.ReadRelease(kernel), guest.Release);
        Assert.StartsWith(series + ".", guest.Release);
        if (KernelCache.Version(series) is { } version)
            Assert.Equal(version, guest.Version);
        Assert.Equal(EchoGuests.Swap, guest.SwapBytes);
        Assert.Contains(guest.Accel, new[] { VmAccel.Tcg, VmAccel.Kvm });

        VmTestKit.WriteLine(guest.ToGuest, "hello");
        Assert.Equal("echo hello", VmTestKit.ReadLine(guest.FromGuest, LineTimeout));
        string longLine = string.Concat(Enumerable.Range(0, 400).Select(i => $"w{i:D4} "));
        VmTestKit.WriteLine(guest.ToGuest, longLine);
        VmTestKit.WriteLine(guest.ToGuest, "2 after");
        Assert.Equal("echo " + longLine, VmTestKit.ReadLine(guest.FromGuest, LineTimeout));
        Assert.Equal("echo 2 after", VmTestKit.ReadLine(guest.FromGuest, LineTimeout));
        Assert.Contains("Linux version", File.ReadAllText(Path.Combine(guest.TemporaryDirectory, "console.log")));
    }

    [Fact]
    public void The_ready_line_parses()
    {
        var ready = VmGuest.ParseReadyLine("mmdsl-init: ready release=5.10.0-32-cloud-amd64 swap=67108864 version=5.10.223-1");
        Assert.Equal(new VmGuest.ReadyLine("5.10.0-32-cloud-amd64", 67108864, "5.10.223-1"), ready);
        Assert.Equal("6.18.0", VmGuest.ParseReadyLine("mmdsl-init: ready swap=0 release=6.18.0")!.Version);
        Assert.Null(VmGuest.ParseReadyLine("mmdsl-init: ready release=x swap=-1 version=y"));
        Assert.Null(VmGuest.ParseReadyLine("mmdsl-init: error swap: ..."));
    }

    [Fact]
    public void The_kernel_command_line_carries_the_options()
    {
        var options = new VmGuestOptions { Kernel = "k", SwapBytes = 1 << 20, Exec = VmExec.Echo, KernelArguments = "quiet" };
        Assert.Equal("console=ttyS0 panic=-1 mmdsl.exec=echo mmdsl.swap=1048576 quiet", VmGuest.KernelCommandLine(options));
        Assert.Equal("console=ttyS0 panic=-1 mmdsl.exec=agent", VmGuest.KernelCommandLine(new VmGuestOptions { Kernel = "k" }));
    }
}

/// <summary>Boots that fail, and what a guest leaves behind.</summary>
[Collection(VmCollection.Name)]
public sealed class VmGuestFailureTests
{
    /// <summary>QEMU processes started by this test process. Read from /proc/PID/status, which takes no lock
    /// of the process's memory (cmdline does, and can wait on a process of another test that holds it).</summary>
    private static int[] QemuPids() =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName)
            .Where(n => int.TryParse(n, out _)).Select(int.Parse!)
            .Where(pid => VmTestKit.Status(pid) is { } status
                && status.Contains("Name:\tqemu-system", StringComparison.Ordinal)
                && status.Contains($"PPid:\t{Environment.ProcessId}\n", StringComparison.Ordinal))
            .ToArray();

    private static string[] TemporaryDirectories() =>
        Directory.GetDirectories(Path.GetTempPath(), "mmdsl-vm-*");

    [VmFact("6.1")]
    public void Dispose_leaves_no_qemu_and_no_temporary_file()
    {
        var before = TemporaryDirectories();
        var guest = VmGuest.Boot(EchoGuests.Options("6.1", swap: 0));
        Assert.Equal(0, guest.SwapBytes);
        int pid = guest.QemuPid;
        string dir = guest.TemporaryDirectory;
        Assert.True(VmTestKit.ProcessRuns(pid));
        Assert.True(File.Exists(Path.Combine(dir, "initramfs.cpio.gz")));
        guest.Dispose();
        Assert.False(VmTestKit.ProcessRuns(pid), $"qemu {pid} still runs");
        Assert.False(Directory.Exists(dir));
        Assert.DoesNotContain(QemuPids(), p => p == pid);
        Assert.Empty(TemporaryDirectories().Except(before));
    }

    [VmFact("6.12", NeedsHub = true)]
    public void Init_execs_the_static_agent_on_the_protocol_port()
    {
        using var guest = VmGuest.Boot(EchoGuests.Options("6.12", swap: 0) is var echo
            ? new VmGuestOptions { Kernel = echo.Kernel, Exec = VmExec.Agent, Accel = VmAccel.Tcg }
            : null!);
        Assert.StartsWith("6.12.", guest.Release);
        // init is PID 1: had the exec failed or the agent ended, the kernel would have panicked and QEMU exited.
        Thread.Sleep(2000);
        Assert.False(guest.HasExited, guest.ConsoleTail());
        Assert.DoesNotContain("Kernel panic", guest.ConsoleTail());
    }

    [Fact]
    public void The_directory_of_a_killed_run_is_swept()
    {
        // A pid that is not running: the highest possible one.
        string stale = Path.Combine(Path.GetTempPath(), "mmdsl-vm-4194304-test");
        string live = Path.Combine(Path.GetTempPath(), $"mmdsl-vm-{Environment.ProcessId}-test");
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(live);
        try
        {
            VmGuest.SweepStaleDirectories();
            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(live));
        }
        finally
        {
            Directory.Delete(live, recursive: true);
            if (Directory.Exists(stale))
                Directory.Delete(stale, recursive: true);
        }
    }

    [VmFact]
    public void A_missing_kernel_is_reported()
    {
        var error = Assert.Throws<VmBootException>(() => VmGuest.Boot(new VmGuestOptions { Kernel = "/nonexistent/vmlinuz", Exec = VmExec.Echo }));
        Assert.Contains("no kernel at /nonexistent/vmlinuz", error.Message);
    }

    [VmFact]
    public void A_file_that_is_no_kernel_is_reported_with_what_qemu_said()
    {
        var before = TemporaryDirectories();
        string bad = Path.Combine(Path.GetTempPath(), $"not-a-kernel-{Environment.ProcessId}");
        File.WriteAllBytes(bad, Enumerable.Range(0, 65536).Select(i => (byte)(i * 31)).ToArray());
        try
        {
            var error = Assert.Throws<VmBootException>(() => VmGuest.Boot(new VmGuestOptions { Kernel = bad, Exec = VmExec.Echo, Accel = VmAccel.Tcg }));
            Assert.Contains("did not come up: QEMU exited", error.Message);
            Assert.Contains("QEMU said", error.Message);
        }
        finally
        {
            File.Delete(bad);
        }
        Assert.Empty(TemporaryDirectories().Except(before));
    }

    [VmFact("6.1")]
    public void A_kernel_panic_is_reported_with_the_console_tail()
    {
        var before = TemporaryDirectories();
        string notInit = Path.Combine(Path.GetTempPath(), $"not-an-init-{Environment.ProcessId}");
        File.WriteAllText(notInit, "this is no program\n");
        try
        {
            var options = EchoGuests.Options("6.1", swap: 0);
            var error = Assert.Throws<VmBootException>(() => VmGuest.Boot(new VmGuestOptions
            {
                Kernel = options.Kernel, Exec = VmExec.Echo, InitPath = notInit, Accel = VmAccel.Tcg,
            }));
            Assert.Contains("QEMU exited", error.Message);
            Assert.Contains("Kernel panic", error.ConsoleTail);
            Assert.Contains("guest console (tail)", error.Message);
        }
        finally
        {
            File.Delete(notInit);
        }
        Assert.Empty(TemporaryDirectories().Except(before));
        Assert.Empty(QemuPids());
    }

    [VmFact("5.10")]
    public void An_error_of_init_is_reported()
    {
        var options = EchoGuests.Options("5.10", swap: 0);
        var error = Assert.Throws<VmBootException>(() => VmGuest.Boot(new VmGuestOptions
        {
            Kernel = options.Kernel, Exec = VmExec.Echo, KernelArguments = "mmdsl.swap=lots", Accel = VmAccel.Tcg,
        }));
        Assert.Contains("init failed: mmdsl.swap: not a size", error.Message);
        Assert.Contains("Linux version", error.ConsoleTail + File.ReadAllText("/proc/version"));
        Assert.Empty(QemuPids());
    }

    [VmFact("6.12")]
    public void A_boot_past_its_timeout_is_killed_and_reported()
    {
        var before = TemporaryDirectories();
        var options = EchoGuests.Options("6.12", swap: 0);
        var error = Assert.Throws<VmBootException>(() => VmGuest.Boot(new VmGuestOptions
        {
            Kernel = options.Kernel, Exec = VmExec.Echo, Accel = VmAccel.Tcg, BootTimeout = TimeSpan.FromSeconds(1),
        }));
        Assert.Contains("did not come up within 1 s (Tcg)", error.Message);
        Assert.Empty(TemporaryDirectories().Except(before));
        Assert.Empty(QemuPids());
    }

    [VmFact]
    public void Without_a_modules_tree_swap_is_refused_before_booting()
    {
        string dir = Directory.CreateTempSubdirectory("mmdsl-kernel-").FullName;
        try
        {
            string kernel = Path.Combine(dir, "vmlinuz");
            File.WriteAllText(kernel, "x");
            var error = Assert.Throws<VmBootException>(() => VmGuest.Boot(new VmGuestOptions { Kernel = kernel, Exec = VmExec.Echo, SwapBytes = 1 << 26 }));
            Assert.Contains("no modules tree", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Missing_qemu_is_a_reason()
    {
        Assert.Contains("not installed", VmGuest.Unavailable("qemu-system-nosuch") ?? "not installed");
        _ = typeof(HostUnavailableException);
    }
}
