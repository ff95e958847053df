using MmDsl.Engine.Memory;

namespace MmDsl.Engine;

/// <summary>Enumerating the folios in use.</summary>
public sealed partial class Machine
{
    /// <summary>Head pfns of every allocated folio (refcount &gt; 0), in pfn order; kernel-reserved frames excluded.</summary>
    public IEnumerable<int> Folios()
    {
        foreach (var pfn in _memory.AllocatedHeads())
        {
            if (pfn >= BootReserved && _memory.RefCount(pfn) > 0)
            {
                yield return pfn;
            }
        }
    }
}
