using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Faults on an empty PTE of a private mapping of a memfd (do_read_fault, do_cow_fault in mm/memory.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// do_fault for a MAP_PRIVATE file mapping: a read maps the page-cache page read-only (and what
    /// the cache holds around it); a write or unshare copies the page-cache page into a new exclusive
    /// anonymous page and maps that (do_cow_fault), leaving the page cache untouched.
    /// </summary>
    private bool FilePrivateFault(Process process, Vma vma, long address, AccessKind kind, ulong[] ptes)
    {
        BeginFault();
        var mm = process.Mm;
        var ti = PageTable.PteIndex(address);
        var obj = _s.Shmem[vma.Shmem];
        if (kind == AccessKind.Read)
        {
            var around = DoFaultAround(mm, vma, obj, address, ptes, writable: false);
            var mapped = new Pte(ptes[ti]);
            var pfn = mapped.IsPresent ? mapped.Pfn : ShmemGetFolio(obj, vma.LinearIndex(address), allocate: true);
            if (pfn < 0)
            {
                EmitFault(process, address, kind, FaultHandler.File, FaultOutcome.Oom, 0, 0, 0, "out of memory");
                return false;
            }
            if (!mapped.IsPresent)
            {
                MapPageCachePte(mm, ptes, ti, pfn, Pte.Young);
            }
            EmitFault(process, address, kind, FaultHandler.File, FaultOutcome.MapFile, 0, pfn, 0,
                AroundReason("private mapping: page cache read-only", around));
            return true;
        }

        // do_cow_fault: anon_vma_prepare, a new page, __do_fault for the page-cache page, copy.
        AnonVmaPrepare(mm, vma);
        var source = ShmemGetFolio(obj, vma.LinearIndex(address), allocate: true);
        var fresh = source < 0 ? -1 : AllocFolio(0);
        if (fresh < 0)
        {
            EmitFault(process, address, kind, FaultHandler.File, FaultOutcome.Oom, 0, 0, 0, "out of memory");
            return false;
        }
        _s.Memory.CopyContents(source, fresh);
        Stats.Count(VmEvent.CowCopy);
        FolioAddNewAnonRmap(fresh, vma, address, mm, pmdMapped: false, exclusive: true);
        LruAdd(fresh);
        ptes[ti] = Pte.Make(fresh, Pte.Young | Pte.Dirty | ((vma.Flags & VmFlags.Write) != 0 ? Pte.Write : 0)).Value;
        mm.AnonPages++;
        EmitFault(process, address, kind, FaultHandler.File, FaultOutcome.Copy, source, fresh, 0,
            "do_cow_fault: private mapping, page cache copied");
        return true;
    }
}
