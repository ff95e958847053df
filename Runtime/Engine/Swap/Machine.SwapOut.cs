using MmDsl.Runtime.Engine.Mm;

namespace MmDsl.Runtime.Engine;

/// <summary>Swap-out: MADV_PAGEOUT and reclaim (mm/vmscan.c, mm/madvise.c).</summary>
public sealed partial class Machine
{
    private Errno MadvisePageOut(Process process, long start, long end) => Errno.ENOSYS;

    private Errno MadviseWillNeed(Process process, long start, long end) => Errno.Ok;
}
