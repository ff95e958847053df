using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>
/// The engine's side of <see cref="IWpFolio"/>: the folio a write-protect fault hit, read live from
/// the machine, and the actions the era's decision may take on the way.
/// </summary>
internal sealed class WpFolio : IWpFolio
{
    private readonly Machine _machine;
    private Vma _vma = null!;
    private int _page;
    private int _head;
    private string _reason = string.Empty;
    private ulong[]? _ptes;

    public WpFolio(Machine machine)
    {
        _machine = machine;
    }

    /// <summary>Point at the next fault's page (one instance serves every fault of a machine).</summary>
    public WpFolio For(Vma vma, int page, bool unshare, bool explain, ulong[]? ptes = null)
    {
        _vma = vma;
        _ptes = ptes;
        _page = page;
        _head = _machine.Memory.Head(page);
        Unshare = unshare;
        Explain = explain;
        _reason = string.Empty;
        return this;
    }

    public bool Explain { get; private set; }

    public bool Unshare { get; private set; }

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

    /// <summary>A step that no era rule decides (a policy, or every modelled kernel doing the same).</summary>
    public void Note(string function, string condition)
    {
        if (Explain)
        {
            _reason = condition;
            _machine.EmitDecision(null, function, condition, null);
        }
    }

    public bool IsKsm => _machine.IsKsm(_head);

    public int RefCount => _machine.Memory.RefCount(_head);

    public int PageMapCount => _machine.PageMapCount(_page);

    public int FolioMapCount => _machine.FolioMapCount(_head);

    public int EntireMapCount => _machine.Large(_head)?.EntireMapCount ?? 0;

    public bool IsLarge => _machine.IsLarge(_head);

    public int NrPages => _machine.FolioNrPages(_head);

    public bool PageAnonExclusive => _machine.IsAnonExclusive(_page);

    public bool MaybeMappedShared => _machine.Large(_head)?.MaybeShared ?? false;

    public bool InSwapCache => _machine.InSwapCache(_head);

    public int MappingsInPageTable
    {
        get
        {
            if (_ptes is null)
            {
                return 1;
            }
            var nr = NrPages;
            var count = 0;
            foreach (var raw in _ptes)
            {
                var pte = new Pte(raw);
                if (pte.IsPresent && !pte.IsSpecial && pte.Pfn >= _head && pte.Pfn < _head + nr)
                {
                    count++;
                }
            }
            return count;
        }
    }

    public bool OnLru => _machine.OnLru(_head);

    public int SwapCount => _machine.FolioSwapCount(_head, _page);

    public int MapSwapCount => _machine.MapSwapCount(_head);

    public void LruAddDrain() => _machine.LruAddDrain("do_wp_page: folio not on LRU");

    public bool FreeSwap() => _machine.FolioFreeSwap(_head);

    public void DeleteFromSwapCache() => _machine.DeleteFromSwapCache(_head, dirty: true);

    public void MoveAnonRmap() => _machine.FolioMoveAnonRmap(_head, _vma);
}
