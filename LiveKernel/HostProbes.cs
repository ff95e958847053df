namespace MmDsl.LiveKernel;

/// <summary>The experiments behind <see cref="HostCapabilities"/>, run in one probe agent.</summary>
internal static class HostProbes
{
    private const ulong TwoM = 2 << 20;

    public static HostCapabilities Run(HostAgent agent, HostCapabilities baseline, ThpSettings settings)
    {
        var frames = ProbePageFrames(agent, baseline.Root);
        return baseline with
        {
            PageFrames = frames,
            Thp = baseline.Thp.Available ? ProbeThp(agent, frames, settings) : baseline.Thp,
            PagemapScan = ProbePagemapScan(agent),
            Collapse = baseline.Collapse.Available ? ProbeCollapse(agent) : baseline.Collapse,
            IoUringPin = ProbePin(agent),
            ZeroPage = ProbeZeroPage(agent, frames),
            KsmFlag = ProbeKsmFlag(agent, frames),
        };
    }

    private static Capability ProbePageFrames(HostAgent agent, Capability root)
    {
        if (!root.Available)
            return root;
        if (Failed(agent.Mmap(0, TwoM, HostProtection.ReadWrite), out string why) || Failed(agent.Write(0, 1), out why))
            return Capability.No(why);
        var entry = Pagemap.ReadOne(agent.Pid, agent.RealAddress(0));
        if (entry.Pfn == 0)
            return Capability.No("/proc/PID/pagemap shows no pfns (they need CAP_SYS_ADMIN)");
        try
        {
            KPageFlags.Read(entry.Pfn);
            KPageCount.Read(entry.Pfn);
            return Capability.Yes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Capability.No($"cannot read /proc/kpageflags: {e.Message}");
        }
    }

    /// <summary>KPF_KSM on the plain anonymous page ProbePageFrames wrote: a kernel that sets it there sets it everywhere.</summary>
    private static Capability ProbeKsmFlag(HostAgent agent, Capability frames)
    {
        if (!frames.Available)
            return frames;
        var flags = KPageFlags.Read(Pagemap.ReadOne(agent.Pid, agent.RealAddress(0)).Pfn);
        return (flags & KPageFlag.Anon) != 0 && (flags & KPageFlag.Ksm) != 0
            ? Capability.No("this kernel's /proc/kpageflags sets KPF_KSM on every anonymous page (stable_page_flags tests mapping & PAGE_MAPPING_KSM, which an anon mapping alone satisfies)")
            : Capability.Yes;
    }

    private static Capability ProbeThp(HostAgent agent, Capability frames, ThpSettings settings)
    {
        const ulong at = 2 * TwoM;
        if (Failed(agent.Mmap(at, TwoM, HostProtection.ReadWrite), out string why)
            || Failed(agent.Madvise(at, TwoM, HostAdvice.HugePage), out why)
            || Failed(agent.Write(at, 1), out why))
            return Capability.No(why);
        bool thp = frames.Available
            ? (KPageFlags.Read(Pagemap.ReadOne(agent.Pid, agent.RealAddress(at)).Pfn) & KPageFlag.Thp) != 0
            : Smaps.Read(agent.Pid).Any(v => v.Contains(agent.RealAddress(at)) && v.AnonHugePages > 0);
        return thp ? Capability.Yes : Capability.No($"a write to a MADV_HUGEPAGE range got no THP (enabled={settings.Read("thp")}, defrag={settings.Read("defrag")})");
    }

    private static Capability ProbePagemapScan(HostAgent agent)
    {
        try
        {
            return PagemapScan.At(agent.Pid, agent.RealAddress(0), out string reason) is null ? Capability.No(reason) : Capability.Yes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException)
        {
            return Capability.No($"PAGEMAP_SCAN: {e.Message}");
        }
    }

    private static Capability ProbeCollapse(HostAgent agent)
    {
        const ulong at = 4 * TwoM;
        if (Failed(agent.Mmap(at, TwoM, HostProtection.ReadWrite), out string why) || Failed(agent.Write(at, 1), out why))
            return Capability.No(why);
        return Failed(agent.Madvise(at, TwoM, HostAdvice.Collapse), out why) ? Capability.No($"MADV_COLLAPSE: {why}") : Capability.Yes;
    }

    private static Capability ProbePin(HostAgent agent)
    {
        var pin = agent.Pin(0, 4096);
        if (pin is HostResult<HostPin>.Failed failed)
        {
            string disabled = KernelFiles.Exists("/proc/sys/kernel/io_uring_disabled")
                ? $" (kernel.io_uring_disabled = {KernelFiles.ReadText("/proc/sys/kernel/io_uring_disabled").Trim()})" : "";
            return Capability.No($"io_uring buffer registration: {failed.Error}{disabled}");
        }
        return Failed(pin.Unwrap().Unpin(), out string why) ? Capability.No($"io_uring unregister: {why}") : Capability.Yes;
    }

    private static Capability ProbeZeroPage(HostAgent agent, Capability frames)
    {
        if (!frames.Available)
            return Capability.No($"cannot tell: {frames.Reason}");
        const ulong at = 6 * TwoM;
        if (Failed(agent.Mmap(at, 4096, HostProtection.ReadWrite), out string why) || Failed(agent.Read(at), out why))
            return Capability.No(why);
        ulong pfn = Pagemap.ReadOne(agent.Pid, agent.RealAddress(at)).Pfn;
        if ((KPageFlags.Read(pfn) & KPageFlag.ZeroPage) != 0)
            return Capability.Yes;
        string cmdline = KernelFiles.Exists("/proc/cmdline") ? KernelFiles.ReadText("/proc/cmdline") : "";
        string hint = cmdline.Contains("no_zero_page", StringComparison.Ordinal)
            ? " (the kernel command line disables it: " + cmdline.Split(' ').First(w => w.Contains("no_zero_page", StringComparison.Ordinal)) + ")"
            : "";
        return Capability.No("a read fault on untouched anonymous memory maps a new page, not the shared zero page" + hint);
    }

    private static bool Failed<T>(HostResult<T> result, out string why)
    {
        why = result.ErrorOrNull?.ToString() ?? "";
        return !result.IsOk;
    }
}
