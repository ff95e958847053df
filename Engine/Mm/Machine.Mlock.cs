using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>mlock and munlock (mm/mlock.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// mlock(2): every VMA of [address, address+size) gets VM_LOCKED (split where the range
    /// begins and ends, merged back where it may), then the range is populated as
    /// populate_vma_page_range does: a write fault on each page of a private writable mapping
    /// (breaking COW), a read fault elsewhere. A hole in the range is ENOMEM and changes nothing.
    /// </summary>
    public Errno Mlock(Process process, long address, long size) => SetLocked(process, address, size, locked: true);

    /// <summary>munlock(2): VM_LOCKED is cleared; the pages stay where they are.</summary>
    public Errno Munlock(Process process, long address, long size) => SetLocked(process, address, size, locked: false);

    private Errno SetLocked(Process process, long address, long size, bool locked)
    {
        Enter(process);
        // do_mlock: the start is rounded down and the length up to pages; apply_vma_lock_flags: an
        // empty range is done, one that wraps is EINVAL; a range past TASK_SIZE is a hole (ENOMEM).
        if (size == 0)
        {
            return Errno.Ok;
        }
        if (size < 0 || address < 0)
        {
            return Errno.EINVAL;
        }
        var start = address & ~(PageTable.PageSize - 1);
        if (!InUserSpace(start, size + (address - start)))
        {
            return Errno.ENOMEM;
        }
        var end = PageAlign(address + size);
        // apply_vma_lock_flags: the whole range must be mapped.
        if (!FullyMapped(process.Mm, start, end))
        {
            return Errno.ENOMEM;
        }
        if (locked)
        {
            // mlock_fixup: the VMAs get VM_LOCKED (split and merged as vma_modify_flags does).
            ModifyVmFlags(process, start, end, vma => vma.Flags | VmFlags.Locked);
            Populate(process, start, end);
        }
        else
        {
            ModifyVmFlags(process, start, end, vma => vma.Flags & ~VmFlags.Locked);
        }
        return Errno.Ok;
    }
}
