using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Address and length checks against the user address space, done before any arithmetic can wrap.</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// Does [address, address+size) lie inside the user address space once size is page aligned?
    /// Compares as the kernel does (addr &gt; TASK_SIZE - len), so nothing is added that could overflow.
    /// </summary>
    internal static bool InUserSpace(long address, long size) =>
        address >= 0 && size >= 0 && size <= TaskSize && address <= TaskSize - PageAlign(size);

    /// <summary>The end of [address, address+size) cut at TASK_SIZE, for walks that may stop at the limit.</summary>
    internal static long ClampedEnd(long address, long size) =>
        (long)Int128.Min((Int128)address + (((Int128)size + PageTable.PageSize - 1) & ~(Int128)(PageTable.PageSize - 1)), TaskSize);
}
