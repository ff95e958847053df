using MmDsl.Runtime.Engine.Mm;

namespace MmDsl.Runtime.Engine;

/// <summary>THP collapse: MADV_COLLAPSE and khugepaged (mm/khugepaged.c).</summary>
public sealed partial class Machine
{
    private Errno MadviseCollapse(Process process, long start, long end) => Errno.ENOSYS;
}
