using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Faults on shared mappings of shmem (do_read_fault, do_shared_fault, wp_page_shared).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// A fault on a MAP_SHARED mapping of shmem (anonymous or a memfd): find or allocate the page in
    /// the page cache and map it; every process maps the same page, writable where the VMA is (no
    /// COW). A read fault first maps what the page cache holds around it (do_fault_around).
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
        var around = kind == AccessKind.Read ? DoFaultAround(mm, vma, obj, address, ptes, writable) : 0;
        var pfn = new Pte(ptes[ti]).IsPresent ? new Pte(ptes[ti]).Pfn : -1;
        if (pfn < 0)
        {
            pfn = ShmemGetFolio(obj, vma.LinearIndex(address), allocate: true);
            if (pfn < 0)
            {
                EmitFault(process, address, kind, FaultHandler.Shmem, FaultOutcome.Oom, 0, 0, 0, "out of memory");
                return false;
            }
            MapPageCachePte(mm, ptes, ti, pfn, Pte.Young | (writable ? Pte.Write : 0) | (kind == AccessKind.Write ? Pte.Dirty : 0));
        }
        EmitFault(process, address, kind, FaultHandler.Shmem, FaultOutcome.MapShared, 0, pfn, 0, AroundReason("shared mapping: shmem page cache", around));
        return true;
    }

    /// <summary>The reason of a read fault, with the pages fault-around mapped besides the faulting one.</summary>
    private static string AroundReason(string reason, int around) => around switch
    {
        0 => reason,
        1 => reason + ", fault-around mapped 1 more",
        _ => $"{reason}, fault-around mapped {around} more",
    };

    /// <summary>finish_fault / set_pte_range for a page-cache page: a reference, a mapping, MM_SHMEMPAGES.</summary>
    private void MapPageCachePte(MmStruct mm, ulong[] ptes, int ti, int pfn, ulong bits)
    {
        FolioGet(pfn);
        _s.Memory.MapCount(pfn)++;
        ptes[ti] = Pte.Make(pfn, bits).Value;
        mm.ShmemPages++;
    }

    /// <summary>
    /// do_fault_around + filemap_map_pages: on a read fault, the pages the page cache already holds
    /// in the fault_around_bytes (64K) window around ADDRESS, within the VMA, the page table and
    /// i_size, are mapped where their PTE is empty, young and (in a shared writable mapping) writable,
    /// read-only in a private one. Returns how many besides the faulting page.
    /// </summary>
    private int DoFaultAround(MmStruct mm, Vma vma, ShmemObject obj, long address, ulong[] ptes, bool writable)
    {
        const int window = FaultAroundBytes >> PageTable.PageShift;
        var ti = PageTable.PteIndex(address);
        var from = Math.Max(ti & ~(window - 1), ti - (int)Math.Min(ti, (address - vma.Start) >> PageTable.PageShift));
        var to = (int)Math.Min(Math.Min(from + window, PageTable.PtrsPerTable), ti + ((vma.End - address) >> PageTable.PageShift));
        var eof = obj.IsMemfd ? obj.SizeInPages() : long.MaxValue;
        var bits = Pte.Young | (writable && (vma.Flags & VmFlags.Shared) != 0 ? Pte.Write : 0);
        var mapped = 0;
        for (var i = from; i < to; i++)
        {
            var at = address + ((long)(i - ti) << PageTable.PageShift);
            var index = vma.LinearIndex(at);
            if (ptes[i] != 0 || index >= eof || !obj.Pages.TryGetValue(index, out var pfn))
            {
                continue;
            }
            MapPageCachePte(mm, ptes, i, pfn, bits);
            if (i != ti)
            {
                mapped++;
            }
        }
        return mapped;
    }

    /// <summary>fault_around_bytes: its default, 64K.</summary>
    private const int FaultAroundBytes = 65536;
}
