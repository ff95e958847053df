using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Faults on shared anonymous memory (shmem_fault, do_shared_fault, wp_page_shared).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// A fault on a MAP_SHARED|MAP_ANONYMOUS mapping: find or allocate the page in the shmem page
    /// cache and map it; every process maps the same page, writable where the VMA is (no COW).
    /// </summary>
    private bool ShmemFault(Process process, Vma vma, long address, AccessKind kind)
    {
        BeginFault();
        var mm = process.Mm;
        var ptes = mm.PageTable.GetOrAllocPtes(address);
        var ti = PageTable.PteIndex(address);
        var pte = new Pte(ptes[ti]);
        var writable = (vma.Flags & VmFlags.Write) != 0;
        if (pte.IsPresent)
        {
            // wp_page_shared: no copy, just make it writable.
            ptes[ti] |= Pte.Young | Pte.Dirty | (writable ? Pte.Write : 0);
            EmitFault(process, address, kind, FaultHandler.Shmem, FaultOutcome.MapShared, pte.Pfn, pte.Pfn, 0, "shared mapping: wp_page_shared");
            return true;
        }
        var obj = _s.Shmem[vma.Shmem];
        var index = vma.LinearIndex(address);
        if (!obj.Pages.TryGetValue(index, out var pfn))
        {
            pfn = AllocFolio(0);
            if (pfn < 0)
            {
                EmitFault(process, address, kind, FaultHandler.Shmem, FaultOutcome.Oom, 0, 0, 0, "out of memory");
                return false;
            }
            _s.Memory.Set(pfn, PageFlags.Shmem);
            _s.Memory.Mapping(pfn) = obj.Id;
            _s.Memory.Index(pfn) = index;
            obj.Pages[index] = pfn;
            LruAdd(pfn);
        }
        FolioGet(pfn);
        _s.Memory.MapCount(pfn)++;
        var bits = Pte.Young | (writable ? Pte.Write : 0) | (kind == AccessKind.Write ? Pte.Dirty : 0);
        ptes[ti] = Pte.Make(pfn, bits).Value;
        mm.ShmemPages++;
        EmitFault(process, address, kind, FaultHandler.Shmem, FaultOutcome.MapShared, 0, pfn, 0, "shared mapping: shmem page cache");
        return true;
    }
}
