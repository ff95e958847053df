using MmDsl.Engine.Memory;

namespace MmDsl.Engine;

/// <summary>Enumerating the folios in use.</summary>
internal sealed partial class Machine
{
    /// <summary>Head pfns of every allocated folio (refcount &gt; 0), in pfn order; kernel-reserved frames excluded.</summary>
    public IEnumerable<int> Folios()
    {
        foreach (var pfn in _s.Memory.AllocatedHeads())
        {
            if (pfn >= BootReserved && _s.Memory.RefCount(pfn) > 0)
            {
                yield return pfn;
            }
        }
    }
}
