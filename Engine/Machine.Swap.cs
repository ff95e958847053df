using MmDsl.Engine.Swap;

namespace MmDsl.Engine;

/// <summary>The swap device and swap cache.</summary>
public sealed partial class Machine
{
    private SwapDevice _swap = new(0);

    public SwapDevice Swap => _swap;

    private void InitSwap() => _swap = new SwapDevice(Settings.SwapBytes >> Mm.PageTable.PageShift);
}
