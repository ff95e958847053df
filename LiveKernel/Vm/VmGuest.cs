using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MmDsl.LiveKernel.Vm;

/// <summary>How QEMU runs the guest: KVM when it works (auto tries it first, briefly), TCG otherwise.</summary>
internal enum VmAccel
{
    Auto,
    Kvm,
    Tcg,
}

/// <summary>What init starts on the protocol port after its ready line.</summary>
internal enum VmExec
{
    /// <summary>/mmdsl-agent --hub (kernel command line mmdsl.exec=agent, the default).</summary>
    Agent,

    /// <summary>init's own line echo (mmdsl.exec=echo): each line comes back prefixed "echo "; a transport test.</summary>
    Echo,
}

internal sealed class VmGuestOptions
{
    /// <summary>A vmlinuz or bzImage: a distribution's or one built from a kernel tree (arch/x86/boot/bzImage).</summary>
    public required string Kernel { get; init; }

    /// <summary>A modules tree (its root holding lib/modules, lib/modules itself, or lib/modules/RELEASE);
    /// null: the tree next to the kernel (a fetched kernel's cache directory).</summary>
    public string? Modules { get; init; }

    /// <summary>zram swap of this many bytes (0: none); needs zram, built in or in the modules tree.</summary>
    public long SwapBytes { get; init; }

    public VmAccel Accel { get; init; } = VmAccel.Auto;

    public VmExec Exec { get; init; } = VmExec.Agent;

    /// <summary>More modules to load at boot, by name, after their dependencies (e.g. what the hub needs).</summary>
    public IReadOnlyList<string> ExtraModules { get; init; } = [];

    /// <summary>The static init; null: mmdsl-init next to the program's assemblies.</summary>
    public string? InitPath { get; init; }

    /// <summary>The static agent started as /mmdsl-agent --hub; null: mmdsl-agent-static next to the assemblies.</summary>
    public string? AgentPath { get; init; }

    public int MemoryMiB { get; init; } = 1024;

    /// <summary>The guest's CPUs; the live backend runs its agents one per CPU, round robin (<see cref="IHubTarget.SpreadCpus"/>).</summary>
    public int Cpus { get; init; } = DefaultCpus;

    /// <summary>Four: a script's processes each get a CPU (and an LRU-add batch) of their own, as in the simulator, up to four at a time.</summary>
    public const int DefaultCpus = 4;

    /// <summary>Until the ready line; a TCG boot takes 3-8 s on a loaded 2-core machine.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long auto gives a KVM boot before it falls back to TCG.</summary>
    public TimeSpan KvmTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Appended to the kernel command line.</summary>
    public string? KernelArguments { get; init; }

    public string Qemu { get; init; } = VmGuest.QemuProgram;
}

/// <summary>The guest did not come up: the message says why and quotes the tail of its console.</summary>
internal sealed class VmBootException(string message, string consoleTail, bool guestDied = false) : Exception(
    consoleTail.Length == 0 ? message : $"{message}\n--- guest console (tail) ---\n{consoleTail}")
{
    public string ConsoleTail { get; } = consoleTail;

    /// <summary>The guest kernel oopsed or panicked before init's ready line (QEMU then exits).</summary>
    public bool GuestDied { get; } = guestDied;
}

/// <summary>
/// A kernel booted under QEMU with mmdsl-init as /init. The kernel console is the first serial port
/// (kept in a file: <see cref="ConsoleTail"/>); the protocol is the second, carried on QEMU's stdin and
/// stdout: <see cref="ToGuest"/> and <see cref="FromGuest"/>, available once init's ready line
/// ("mmdsl-init: ready release=R swap=BYTES version=V") has been read. QEMU never outlives this
/// process: it is started with a parent-death signal from a thread that lives as long as the guest,
/// and killed on Dispose, at exit, on Ctrl-C, SIGTERM, SIGHUP and SIGQUIT.
/// </summary>
internal sealed class VmGuest : IDisposable
{
    public const string QemuProgram = "qemu-system-x86_64";
    public const string InitFileName = "mmdsl-init";
    public const string StaticAgentFileName = "mmdsl-agent-static";
    public const string ReadyPrefix = "mmdsl-init: ready ";
    public const string ErrorPrefix = "mmdsl-init: error ";

    private static readonly ConcurrentDictionary<VmGuest, byte> Live = new();
    private static int hooksRegistered;

    private readonly Process process;
    private readonly ManualResetEventSlim keeperRelease;
    private readonly string directory;
    private readonly string consolePath;
    private readonly StderrTail stderr;
    private int disposed;

    private VmGuest(Process process, ManualResetEventSlim keeperRelease, string directory, string consolePath, StderrTail stderr, VmAccel accel)
    {
        this.process = process;
        this.keeperRelease = keeperRelease;
        this.directory = directory;
        this.consolePath = consolePath;
        this.stderr = stderr;
        Accel = accel;
        ToGuest = process.StandardInput.BaseStream;
        FromGuest = process.StandardOutput.BaseStream;
    }

    /// <summary>Bytes to the guest's protocol port (QEMU's stdin).</summary>
    public Stream ToGuest { get; }

    /// <summary>Bytes from the guest's protocol port after the ready line (QEMU's stdout).</summary>
    public Stream FromGuest { get; }

    /// <summary>uname -r in the guest.</summary>
    public string Release { get; private set; } = "";

    /// <summary>The distribution's package version from /proc/version (5.10.223-1), or the release when there is none.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The zram swap that init brought up, in bytes (0: none).</summary>
    public long SwapBytes { get; private set; }

    /// <summary>The accelerator the guest runs under (never Auto).</summary>
    public VmAccel Accel { get; }

    /// <summary>The guest's CPUs.</summary>
    public int Cpus { get; private init; } = 1;

    /// <summary>From starting QEMU to the ready line.</summary>
    public TimeSpan BootTime { get; private set; }

    public int QemuPid => process.Id;

    /// <summary>The temporary directory of this guest (initramfs, console log); deleted by Dispose.</summary>
    public string TemporaryDirectory => directory;

    public bool HasExited
    {
        get
        {
            try
            {
                return process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>Why a guest cannot be booted here (no QEMU, no init binary), or null.</summary>
    public static string? Unavailable(string qemu = QemuProgram, string? initPath = null)
    {
        if (!OperatingSystem.IsLinux())
            return "virtual machines need Linux";
        if (FindOnPath(qemu) is null)
            return $"{qemu} is not installed (apt-get install qemu-system-x86)";
        string init = initPath ?? Path.Combine(AppContext.BaseDirectory, InitFileName);
        if (!File.Exists(init))
            return $"no {init} (the build compiles it statically where a C compiler and a static libc exist)";
        return null;
    }

    /// <summary>The kernel command line for <paramref name="options"/> (without the accelerator's part).</summary>
    public static string KernelCommandLine(VmGuestOptions options)
    {
        var line = new StringBuilder("console=ttyS0 panic=-1");
        line.Append(" mmdsl.exec=").Append(options.Exec == VmExec.Echo ? "echo" : "agent");
        if (options.SwapBytes > 0)
            line.Append(" mmdsl.swap=").Append(options.SwapBytes.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(options.KernelArguments))
            line.Append(' ').Append(options.KernelArguments.Trim());
        return line.ToString();
    }

    /// <summary>
    /// Boots the kernel and waits for init's ready line. Auto tries KVM first when /dev/kvm can be
    /// opened, for at most <see cref="VmGuestOptions.KvmTimeout"/>, then TCG.
    /// </summary>
    /// <exception cref="HostUnavailableException">no QEMU, no init or agent binary.</exception>
    /// <exception cref="VmBootException">the kernel is missing or did not come up (with the console's tail).</exception>
    public static VmGuest Boot(VmGuestOptions options, CancellationToken cancel = default)
    {
        if (Unavailable(options.Qemu, options.InitPath) is { } reason)
            throw new HostUnavailableException(reason);
        if (!File.Exists(options.Kernel))
            throw new VmBootException($"no kernel at {options.Kernel}", "");
        byte[] initramfs = BuildInitramfs(options);
        if (options.Accel == VmAccel.Tcg || (options.Accel == VmAccel.Auto && !KvmUsable()))
            return StartTcg(options, initramfs, cancel);
        if (options.Accel == VmAccel.Kvm)
            return Start(options, initramfs, VmAccel.Kvm, options.BootTimeout, cancel);
        try
        {
            return Start(options, initramfs, VmAccel.Kvm, options.KvmTimeout, cancel);
        }
        catch (VmBootException)
        {
            return StartTcg(options, initramfs, cancel);
        }
    }

    /// <summary>
    /// Boots under TCG, a second time when the first guest died during boot: stock kernels on
    /// several emulated CPUs now and then oops in early boot under TCG (an int3 trap on a
    /// secondary CPU while the boot CPU patches kernel text), a fault of the emulation and not of
    /// the kernel, which a second boot does not meet.
    /// </summary>
    private static VmGuest StartTcg(VmGuestOptions options, byte[] initramfs, CancellationToken cancel)
    {
        try
        {
            return Start(options, initramfs, VmAccel.Tcg, options.BootTimeout, cancel);
        }
        catch (VmBootException e) when (e.GuestDied && !cancel.IsCancellationRequested)
        {
            return Start(options, initramfs, VmAccel.Tcg, options.BootTimeout, cancel);
        }
    }

    /// <summary>The initramfs: /init, /mmdsl-agent (unless echo), /modules/order and the modules, decompressed.</summary>
    public static byte[] BuildInitramfs(VmGuestOptions options)
    {
        var image = new Initramfs();
        foreach (string dir in new[] { "dev", "proc", "sys", "tmp", "modules" })
            image.AddDirectory(dir);
        string init = options.InitPath ?? Path.Combine(AppContext.BaseDirectory, InitFileName);
        image.AddFile("init", File.ReadAllBytes(init), 0x1ED);
        if (options.Exec == VmExec.Agent)
        {
            string agent = options.AgentPath ?? Path.Combine(AppContext.BaseDirectory, StaticAgentFileName);
            if (!File.Exists(agent))
                throw new HostUnavailableException($"no static agent at {agent} (the build compiles it where a static libc exists)");
            image.AddFile("mmdsl-agent", File.ReadAllBytes(agent), 0x1ED);
        }
        var wanted = new List<string>();
        if (options.SwapBytes > 0)
            wanted.AddRange(ModuleResolver.ZramModules);
        wanted.AddRange(options.ExtraModules);
        if (wanted.Count > 0)
        {
            var resolver = ResolverFor(options);
            var files = new List<string>();
            if (options.SwapBytes > 0)
                files.AddRange(resolver.ResolveZram());
            foreach (string file in resolver.Resolve(options.ExtraModules))
            {
                if (!files.Contains(file))
                    files.Add(file);
            }
            var order = new StringBuilder();
            foreach (string file in files)
            {
                string name = ModuleResolver.LoadedFileName(file);
                image.AddFile("modules/" + name, resolver.ReadModule(file));
                order.Append(name).Append('\n');
            }
            image.AddFile("modules/order", order.ToString());
        }
        using var output = new MemoryStream();
        image.Write(output, gzip: true);
        return output.ToArray();
    }

    private static ModuleResolver ResolverFor(VmGuestOptions options)
    {
        string tree = options.Modules ?? Path.GetDirectoryName(Path.GetFullPath(options.Kernel))!;
        string? release = KernelImage.ReadRelease(options.Kernel);
        string? releaseDir = ModuleResolver.FindReleaseDirectory(tree, release);
        if (releaseDir is null)
        {
            throw new VmBootException(
                $"no modules tree for {release ?? "the kernel"} in {tree} (give --vm-modules DIR: a tree from "
                + "'make modules_install INSTALL_MOD_PATH=DIR', or what tools/fetch-kernels fetched)", "");
        }
        return new ModuleResolver(releaseDir);
    }

    private static bool KvmUsable()
    {
        try
        {
            using var kvm = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static VmGuest Start(VmGuestOptions options, byte[] initramfs, VmAccel accel, TimeSpan timeout, CancellationToken cancel)
    {
        SweepStaleDirectories();
        // The pid in the name lets a later run delete what a SIGKILLed one left (SweepStaleDirectories).
        string directory = Directory.CreateTempSubdirectory($"{DirectoryPrefix}{Environment.ProcessId}-").FullName;
        string initrd = Path.Combine(directory, "initramfs.cpio.gz");
        string consolePath = Path.Combine(directory, "console.log");
        VmGuest? guest = null;
        try
        {
            File.WriteAllBytes(initrd, initramfs);
            File.WriteAllBytes(consolePath, []);
            var info = StartInfo(options, accel, initrd, consolePath);
            var stderr = new StderrTail();
            var release = new ManualResetEventSlim();
            var clock = Stopwatch.StartNew();
            var process = StartFromKeeperThread(info, release);
            guest = new VmGuest(process, release, directory, consolePath, stderr, accel) { Cpus = options.Cpus };
            RegisterLive(guest);
            process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
            process.BeginErrorReadLine();
            guest.WaitForReady(timeout, cancel);
            guest.BootTime = clock.Elapsed;
            return guest;
        }
        catch
        {
            if (guest is not null)
                guest.Dispose();
            else
                TryDeleteDirectory(directory);
            throw;
        }
    }

    private static ProcessStartInfo StartInfo(VmGuestOptions options, VmAccel accel, string initrd, string consolePath)
    {
        var args = new List<string>();
        string program = options.Qemu;
        if (FindOnPath("setpriv") is { } setpriv)
        {
            // QEMU gets SIGKILL when the thread that started it ends: that thread lives as long as the guest.
            args.AddRange(["--pdeathsig", "KILL", "--", options.Qemu]);
            program = setpriv;
        }
        args.AddRange(accel == VmAccel.Kvm ? ["-accel", "kvm", "-cpu", "host"] : ["-accel", "tcg", "-cpu", "max"]);
        args.AddRange([
            "-m", $"{options.MemoryMiB}M", "-smp", options.Cpus.ToString(CultureInfo.InvariantCulture),
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            // Guest RAM is not MADV_MERGEABLE: host ksmd would otherwise merge it with the pages of host KSM runs.
            "-machine", "mem-merge=off",
            "-kernel", options.Kernel, "-initrd", initrd, "-append", KernelCommandLine(options),
            "-serial", "file:" + consolePath,
            "-chardev", "stdio,id=protocol,signal=off", "-serial", "chardev:protocol",
        ]);
        var info = new ProcessStartInfo(program, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return info;
    }

    /// <summary>
    /// Starts the process from a thread of its own that waits until the guest is disposed: the
    /// parent-death signal fires when the starting thread ends, so a pool thread would not do.
    /// </summary>
    private static Process StartFromKeeperThread(ProcessStartInfo info, ManualResetEventSlim release)
    {
        Process? process = null;
        Exception? error = null;
        using var started = new ManualResetEventSlim();
        var keeper = new Thread(() =>
        {
            try
            {
                process = Process.Start(info);
            }
            catch (Exception e)
            {
                error = e;
            }
            started.Set();
            if (process is not null)
                release.Wait();
        })
        {
            IsBackground = true,
            Name = "mmdsl qemu keeper",
        };
        keeper.Start();
        started.Wait();
        if (error is not null || process is null)
            throw new HostUnavailableException($"cannot start {info.FileName}: {error?.Message ?? "no process"}");
        return process;
    }

    private void WaitForReady(TimeSpan timeout, CancellationToken cancel)
    {
        var reading = Task.Run(ReadReadyLine);
        try
        {
            if (!reading.Wait(timeout, cancel))
            {
                Kill();
                throw new VmBootException($"the guest did not come up within {timeout.TotalSeconds:0.#} s ({Accel})", ConsoleTail());
            }
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        string? line = reading.IsFaulted ? null : reading.Result;
        if (line is null)
        {
            process.WaitForExit(2000);
            string exit = HasExited ? $"QEMU exited (status {process.ExitCode})" : "the protocol port closed";
            string qemuSays = stderr.Text();
            string tail = ConsoleTail();
            throw new VmBootException(
                $"the guest did not come up: {exit}" + (qemuSays.Length > 0 ? $"; QEMU said: {qemuSays}" : ""), tail,
                guestDied: tail.Contains("Oops:", StringComparison.Ordinal) || tail.Contains("Kernel panic", StringComparison.Ordinal));
        }
        if (line.StartsWith(ErrorPrefix, StringComparison.Ordinal))
        {
            Kill();
            throw new VmBootException($"init failed: {line[ErrorPrefix.Length..]}", ConsoleTail());
        }
        var ready = ParseReadyLine(line) ?? throw new VmBootException($"init's ready line is malformed: {line}", ConsoleTail());
        Release = ready.Release;
        Version = ready.Version;
        SwapBytes = ready.SwapBytes;
    }

    /// <summary>Reads lines from the protocol port until init's ready or error line; null at end of stream.
    /// Byte by byte, so that nothing after the ready line is consumed.</summary>
    private string? ReadReadyLine()
    {
        var line = new List<byte>(128);
        while (true)
        {
            int b = FromGuest.ReadByte();
            if (b < 0)
                return null;
            if (b == '\r')
                continue;
            if (b != '\n')
            {
                if (line.Count < 4096)
                    line.Add((byte)b);
                continue;
            }
            string text = Encoding.UTF8.GetString(line.ToArray());
            line.Clear();
            int at = text.IndexOf("mmdsl-init: ", StringComparison.Ordinal);
            if (at < 0)
                continue;
            text = text[at..];
            if (text.StartsWith(ReadyPrefix, StringComparison.Ordinal) || text.StartsWith(ErrorPrefix, StringComparison.Ordinal))
                return text;
        }
    }

    internal sealed record ReadyLine(string Release, long SwapBytes, string Version);

    /// <summary>"mmdsl-init: ready release=R swap=BYTES version=V" (fields in any order), or null.</summary>
    public static ReadyLine? ParseReadyLine(string line)
    {
        if (!line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string word in line[ReadyPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = word.IndexOf('=');
            if (eq > 0)
                fields[word[..eq]] = word[(eq + 1)..];
        }
        if (!fields.TryGetValue("release", out var release) || release.Length == 0
            || !fields.TryGetValue("swap", out var swapText)
            || !long.TryParse(swapText, NumberStyles.None, CultureInfo.InvariantCulture, out long swap))
            return null;
        return new ReadyLine(release, swap, fields.TryGetValue("version", out var version) && version.Length > 0 ? version : release);
    }

    /// <summary>The last lines of the guest's kernel console.</summary>
    public string ConsoleTail(int lines = 30)
    {
        try
        {
            using var file = new FileStream(consolePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long start = Math.Max(0, file.Length - 16384);
            file.Position = start;
            using var reader = new StreamReader(file, Encoding.UTF8);
            var all = reader.ReadToEnd().Replace("\r", "").TrimEnd('\n').Split('\n');
            var tail = all.Skip(start > 0 ? 1 : 0).TakeLast(lines);
            return string.Join('\n', tail).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Kills QEMU (SIGKILL) if it runs; the guest's memory goes with it.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
                process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        Kill();
        try
        {
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        keeperRelease.Set();
        process.Dispose();
        Live.TryRemove(this, out _);
        TryDeleteDirectory(directory);
    }

    private static void RegisterLive(VmGuest guest)
    {
        Live[guest] = 0;
        if (Interlocked.Exchange(ref hooksRegistered, 1) == 0)
        {
            ExitHooks.Register(() =>
            {
                foreach (var live in Live.Keys)
                {
                    live.Kill();
                    TryDeleteDirectory(live.directory);
                }
            });
        }
    }

    private const string DirectoryPrefix = "mmdsl-vm-";

    /// <summary>Deletes the temporary directories of guests whose process is gone (it was SIGKILLed:
    /// QEMU died with it through the parent-death signal, but nothing could delete the directory).</summary>
    internal static void SweepStaleDirectories()
    {
        try
        {
            foreach (string dir in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
            {
                string rest = Path.GetFileName(dir)[DirectoryPrefix.Length..];
                int dash = rest.IndexOf('-');
                if (dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
                    TryDeleteDirectory(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    internal static string? FindOnPath(string program)
    {
        if (program.Contains('/'))
            return File.Exists(program) ? program : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string path = Path.Combine(dir, program);
            if (File.Exists(path))
                return path;
        }
        return null;
    }

    /// <summary>The last lines QEMU wrote on its stderr.</summary>
    private sealed class StderrTail
    {
        private readonly Queue<string> lines = new();

        public void Add(string? line)
        {
            if (line is null)
                return;
            lock (lines)
            {
                lines.Enqueue(line);
                while (lines.Count > 20)
                    lines.Dequeue();
            }
        }

        public string Text()
        {
            lock (lines)
                return string.Join(" / ", lines).Trim();
        }
    }
}
