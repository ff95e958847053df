namespace MmDsl.LiveKernel;

/// <summary>Whether this machine offers one thing the host backend needs, and why not.</summary>
internal sealed record Capability(bool Available, string Reason)
{
    public static Capability Yes { get; } = new(true, "");

    public static Capability No(string reason) => new(false, reason);

    public override string ToString() => Available ? "yes" : $"no: {Reason}";
}

/// <summary>What a test or a host run needs from the machine (public: the host tests' attributes name it).</summary>
[Flags]
internal enum HostRequirement
{
    None = 0,
    Linux = 1 << 0,
    Root = 1 << 1,
    Agent = 1 << 2,

    /// <summary>pfns in /proc/PID/pagemap, /proc/kpagecount and /proc/kpageflags.</summary>
    PageFrames = 1 << 3,
    PagemapScan = 1 << 4,
    Thp = 1 << 5,
    Collapse = 1 << 6,
    IoUringPin = 1 << 7,
    Swap = 1 << 8,

    /// <summary>Read faults on untouched anonymous memory map the shared zero page.</summary>
    ZeroPage = 1 << 9,

    /// <summary>khugepaged's sysfs knobs exist and can be written.</summary>
    Khugepaged = 1 << 10,

    /// <summary>The target swaps to zram (SWP_SYNCHRONOUS_IO), as a virtual machine's guest does with --swap.</summary>
    Zram = 1 << 11,
}
