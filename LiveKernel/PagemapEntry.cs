namespace MmDsl.LiveKernel;

/// <summary>One 64-bit entry of /proc/PID/pagemap (Documentation/admin-guide/mm/pagemap.rst).</summary>
internal readonly record struct PagemapEntry(ulong Raw)
{
    private const ulong PfnMask = (1UL << 55) - 1;

    /// <summary>Bit 63: a page is mapped here.</summary>
    public bool Present => Bit(63);

    /// <summary>Bit 62: a swap entry is here.</summary>
    public bool Swapped => Bit(62);

    /// <summary>Bit 61: a file page or shared anonymous page (since 3.5).</summary>
    public bool FileOrSharedAnon => Bit(61);

    /// <summary>Bit 58: a guard region (MADV_GUARD_INSTALL, since 6.15).</summary>
    public bool Guard => Bit(58);

    /// <summary>Bit 57: write-protected by userfaultfd.</summary>
    public bool UffdWriteProtected => Bit(57);

    /// <summary>Bit 56, PM_MMAP_EXCLUSIVE: the page is mapped exactly once (the era decides how that is counted).</summary>
    public bool MappedExclusively => Bit(56);

    /// <summary>Bit 55: soft-dirty.</summary>
    public bool SoftDirty => Bit(55);

    /// <summary>Bits 0-54 when present; 0 when not present, or when the reader lacks CAP_SYS_ADMIN.</summary>
    public ulong Pfn => Present ? Raw & PfnMask : 0;

    /// <summary>Bits 0-4 when swapped.</summary>
    public int SwapType => Swapped ? (int)(Raw & 0x1f) : 0;

    /// <summary>Bits 5-54 when swapped.</summary>
    public ulong SwapOffset => Swapped ? (Raw & PfnMask) >> 5 : 0;

    public override string ToString() =>
        Present ? $"pfn 0x{Pfn:x}{(MappedExclusively ? " exclusive" : "")}{(SoftDirty ? " soft-dirty" : "")}"
        : Swapped ? $"swap {SwapType}:0x{SwapOffset:x}"
        : "none";

    private bool Bit(int n) => ((Raw >> n) & 1) != 0;
}
