using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>The engine's side of <see cref="ISwapInFolio"/>.</summary>
internal sealed class SwapInFolio : ISwapInFolio
{
    private readonly Machine _machine;
    private readonly int _head;
    private readonly int _slot;
    private string _reason = string.Empty;
    private bool _swapFreed;

    public SwapInFolio(Machine machine, Vma vma, int head, int slot, bool write, bool fromSwapCache, bool swpExclusive, bool explain)
    {
        _machine = machine;
        _head = head;
        _slot = slot;
        Write = write;
        VmWrite = (vma.Flags & VmFlags.Write) != 0;
        FromSwapCache = fromSwapCache;
        SwpExclusive = swpExclusive;
        Explain = explain;
    }

    public bool Explain { get; }

    /// <summary>The condition of the last step: the short reason shown without trace.</summary>
    public string Reason => _reason;

    /// <summary>The step is recorded at once, before whatever the decision goes on to do.</summary>
    public void Step(string function, Fact rule, ref TraceText condition)
    {
        if (Explain)
        {
            _reason = condition.ToString();
            _machine.EmitDecision(null, function, _reason, rule);
        }
    }

    public void Note(string function, string condition)
    {
        if (Explain)
        {
            _reason = condition;
            _machine.EmitDecision(null, function, condition, null);
        }
    }

    public bool Write { get; }

    public bool VmWrite { get; }

    public bool FromSwapCache { get; }

    public bool SwpExclusive { get; }

    public int RefCount => _machine.Memory.RefCount(_head);

    public int NrPages => _machine.FolioNrPages(_head);

    public bool InSwapCache => _machine.InSwapCache(_head);

    public bool OnLru => _machine.OnLru(_head);

    public int MapSwapCount => _machine.MapSwapCount(_head);

    public bool SwapFull => _machine.Swap.InUse * 2 > _machine.Swap.Slots;

    public void LruAddDrain() => _machine.LruAddDrain("do_swap_page: write fault on a swap-cache folio");

    public void SwapFree()
    {
        if (!_swapFreed)
        {
            _swapFreed = true;
            _machine.SwapFree(_slot);
        }
    }

    /// <summary>Make sure swap_free has run, whatever the era's order.</summary>
    public void EnsureSwapFreed() => SwapFree();

    public bool FreeSwap() => _machine.FolioFreeSwap(_head);

    public void DeleteFromSwapCache() => _machine.DeleteFromSwapCache(_head, dirty: true);
}
