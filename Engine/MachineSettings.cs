namespace MmDsl.Engine;

/// <summary>/sys/kernel/mm/transparent_hugepage/enabled (and the per-size files).</summary>
internal enum ThpMode
{
    Always,
    Madvise,
    Never,
    /// <summary>Per-size only: follow the global setting.</summary>
    Inherit,
}

/// <summary>The machine's tunables. Plain data, cloned with the machine.</summary>
internal sealed class MachineSettings
{
    public const long DefaultMemory = 16L << 30;
    public const long DefaultSwap = 1L << 30;

    public ThpMode Thp { get; set; } = ThpMode.Madvise;

    /// <summary>hugepages-SIZEkB/enabled by folio order (2..9); the PMD order defaults to inherit, others to never.</summary>
    public ThpMode[] ThpPerOrder { get; set; } = DefaultPerOrder();

    /// <summary>transparent_hugepage/use_zero_page.</summary>
    public bool UseZeroPage { get; set; } = true;

    public long MemoryBytes { get; set; } = DefaultMemory;

    public long SwapBytes { get; set; } = DefaultSwap;

    /// <summary>The swap device is a file on a filesystem, not a partition (<c>set swap.file on</c>).</summary>
    public bool SwapFile { get; set; }

    /// <summary>
    /// The swap device does synchronous I/O (SWP_SYNCHRONOUS_IO: zram, pmem): do_swap_page reads a
    /// page whose entry only one PTE holds straight into a new folio, without the swap cache
    /// (0bcac06f27d7, 4.15).
    /// </summary>
    public bool SwapSynchronous { get; set; }

    /// <summary>khugepaged/max_ptes_none (HPAGE_PMD_NR - 1).</summary>
    public int MaxPtesNone { get; set; } = 511;

    /// <summary>khugepaged/max_ptes_swap (HPAGE_PMD_NR / 8).</summary>
    public int MaxPtesSwap { get; set; } = 64;

    /// <summary>khugepaged/max_ptes_shared (HPAGE_PMD_NR / 2).</summary>
    public int MaxPtesShared { get; set; } = 256;

    public MachineSettings Clone()
    {
        var copy = (MachineSettings)MemberwiseClone();
        copy.ThpPerOrder = (ThpMode[])ThpPerOrder.Clone();
        return copy;
    }

    private static ThpMode[] DefaultPerOrder()
    {
        var modes = new ThpMode[10];
        Array.Fill(modes, ThpMode.Never);
        modes[9] = ThpMode.Inherit;
        return modes;
    }
}
