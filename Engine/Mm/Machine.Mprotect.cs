using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>mprotect (mm/mprotect.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// mprotect: split VMAs at the ends (and PMDs that straddle them), change the VMA flags,
    /// write-protect entries when write is removed, and, from 6.0, make exclusive anonymous pages
    /// writable at once when write is granted (can_change_pte_writable).
    /// </summary>
    public Errno Mprotect(Process process, long address, long size, bool read, bool write)
    {
        Enter(process);
        if ((address & (PageTable.PageSize - 1)) != 0 || address < 0)
        {
            return Errno.EINVAL;
        }
        if (size == 0)
        {
            return Errno.Ok;
        }
        // do_mprotect_pkey: a length that wraps (end <= start) is ENOMEM, and so is any range past
        // TASK_SIZE, where no VMA can be.
        if (!InUserSpace(address, size))
        {
            return Errno.ENOMEM;
        }
        var end = address + PageAlign(size);
        var mm = process.Mm;
        // do_mprotect_pkey: ENOMEM at once if the start is not mapped; else the VMAs are changed one
        // by one up to the first hole, and the call still answers ENOMEM.
        var reach = address;
        foreach (var vma in mm.VmasIn(address, end))
        {
            if (vma.Start > reach)
            {
                break;
            }
            reach = Math.Min(vma.End, end);
        }
        if (reach == address)
        {
            return Errno.ENOMEM;
        }
        var hole = reach < end;
        end = reach;
        foreach (var vma in mm.VmasIn(address, end).ToList())
        {
            var flags = (vma.Flags & ~VmFlags.ProtMask) | (read ? VmFlags.Read : 0) | (write ? VmFlags.Write : 0);
            if (flags == vma.Flags)
            {
                // mprotect_fixup: nothing changes, nothing is split.
                continue;
            }
            var from = Math.Max(address, vma.Start);
            var to = Math.Min(end, vma.End);
            SplitVmasAround(process, from, to);
            var target = mm.FindVma(from)!;
            target.Flags = flags;
            ChangeProtection(process, target, write);
        }
        MergeVmas(mm, address, end);
        return hole ? Errno.ENOMEM : Errno.Ok;
    }

    /// <summary>change_protection over one VMA: change_pte_range and change_huge_pmd.</summary>
    private void ChangeProtection(Process process, Vma vma, bool write)
    {
        var mm = process.Mm;
        var tryWritable = write && Era.MprotectMakesExclusiveWritable;
        var shared = (vma.Flags & VmFlags.Shared) != 0;
        for (var haddr = vma.Start & ~(PageTable.PmdSize - 1); haddr < vma.End; haddr += PageTable.PmdSize)
        {
            // Nothing to do for an empty PMD: step over runs of them as walk_page_range does.
            haddr = mm.PageTable.NextPopulated(haddr, vma.End) & ~(PageTable.PmdSize - 1);
            if (haddr >= vma.End)
            {
                break;
            }
            var table = mm.PageTable.FindPmdTable(haddr);
            if (table is null)
            {
                continue;
            }
            var pi = PageTable.PmdIndex(haddr);
            var pmd = new Pte(table.Pmd[pi]);
            if (pmd.IsHuge)
            {
                if (!write)
                {
                    table.Pmd[pi] = pmd.Without(Pte.Write).Value;
                }
                else if (tryWritable && !pmd.IsSpecial && IsAnonExclusive(pmd.Pfn))
                {
                    table.Pmd[pi] = pmd.With(Pte.Write).Value;
                }
                continue;
            }
            if (table.Ptes[pi] is not { } ptes)
            {
                continue;
            }
            var from = Math.Max(haddr, vma.Start);
            var to = Math.Min(haddr + PageTable.PmdSize, vma.End);
            for (var addr = from; addr < to; addr += PageTable.PageSize)
            {
                var ti = PageTable.PteIndex(addr);
                var pte = new Pte(ptes[ti]);
                if (!pte.IsPresent)
                {
                    continue;
                }
                if (!write)
                {
                    ptes[ti] = pte.Without(Pte.Write).Value;
                }
                else if (!pte.IsSpecial && (shared || (tryWritable && IsAnonExclusive(pte.Pfn) &&
                    (_s.Memory.Flags(_s.Memory.Head(pte.Pfn)) & PageFlags.Anon) != 0)))
                {
                    ptes[ti] = pte.With(Pte.Write).Value;
                }
            }
        }
    }
}
