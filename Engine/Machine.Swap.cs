using MmDsl.Engine.Swap;

namespace MmDsl.Engine;

/// <summary>The swap device and swap cache.</summary>
internal sealed partial class Machine
{
    public SwapDevice Swap => _s.Swap;

    private void InitSwap() => _s.Swap = NewSwap(Settings);

    private static SwapDevice NewSwap(MachineSettings settings) => new(settings.SwapBytes >> Mm.PageTable.PageShift);
}
