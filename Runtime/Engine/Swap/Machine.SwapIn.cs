using MmDsl.Runtime.Engine.Events;
using MmDsl.Runtime.Engine.Mm;

namespace MmDsl.Runtime.Engine;

/// <summary>Faults on swap entries (do_swap_page).</summary>
public sealed partial class Machine
{
    private FaultResult DoSwapPage(Process process, Vma vma, long address, AccessKind kind) =>
        throw new NotSupportedException("swap-in is not modelled yet");
}
