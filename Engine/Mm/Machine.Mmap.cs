using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>mmap and munmap (mm/mmap.c, mm/vma.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// mmap of anonymous memory: at <paramref name="address"/> (MAP_FIXED_NOREPLACE) or at the
    /// lowest free address, 2M-aligned when the mapping is THP-eligible and at least 2M long.
    /// Returns the start address.
    /// </summary>
    public Result<long> Mmap(Process process, long? address, long size, MmapOptions options)
    {
        Enter(process);
        var mm = process.Mm;
        if (size == 0)
        {
            return Result<long>.Fail(Errno.EINVAL, "length must be positive");
        }
        // do_mmap: a length that PAGE_ALIGN wraps to 0 (a negative one) is ENOMEM; get_unmapped_area:
        // len > TASK_SIZE is ENOMEM. Checked before aligning, so the rounding cannot overflow.
        if (size < 0 || size > TaskSize)
        {
            return Result<long>.Fail(Errno.ENOMEM, "larger than the address space");
        }
        size = PageAlign(size);
        if (options.WipeOnFork && (options.Shared || options.File != 0))
        {
            return Result<long>.Fail(Errno.EINVAL, "wipeonfork needs a private anonymous mapping");
        }
        var flags = VmFlags.MayRead | VmFlags.MayWrite |
            (options.Read ? VmFlags.Read : 0) | (options.Write ? VmFlags.Write : 0) |
            (options.Shared ? VmFlags.Shared | VmFlags.MayShare : 0);

        long start;
        if (address is { } fixedAddress)
        {
            // __get_unmapped_area: addr > TASK_SIZE - len is ENOMEM, then an unaligned addr is EINVAL.
            if (!InUserSpace(fixedAddress, size))
            {
                return Result<long>.Fail(Errno.ENOMEM, "beyond the address space");
            }
            if ((fixedAddress & (PageTable.PageSize - 1)) != 0)
            {
                return Result<long>.Fail(Errno.EINVAL, "address not page aligned");
            }
            if (mm.Overlaps(fixedAddress, fixedAddress + size))
            {
                return Result<long>.Fail(Errno.EEXIST, "range already mapped, MAP_FIXED_NOREPLACE");
            }
            start = fixedAddress;
        }
        else
        {
            var thpEligible = !options.Shared && options.File == 0 && size >= PageTable.PmdSize && !options.NoHugePage &&
                (Settings.Thp == ThpMode.Always || (Settings.Thp == ThpMode.Madvise && options.HugePage));
            start = FindGap(mm, size, thpEligible ? PageTable.PmdSize : PageTable.PageSize);
            if (start < 0)
            {
                return Result<long>.Fail(Errno.ENOMEM, "no free range that large");
            }
        }

        var vma = new Vma(start, start + size, flags, options.Shared || options.File != 0 ? 0 : start >> PageTable.PageShift);
        if (options.File != 0)
        {
            _s.Shmem[options.File].Users++;
            vma.Shmem = options.File;
        }
        else if (options.Shared)
        {
            var obj = new ShmemObject(_s.NextShmem++) { Users = 1 };
            _s.Shmem[obj.Id] = obj;
            vma.Shmem = obj.Id;
        }
        mm.InsertVma(vma);
        // mmap_region -> vma_merge_new_range: an adjacent compatible VMA absorbs the new range.
        MergeVmas(mm, start, start + size);
        if (options.Name is { } name)
        {
            mm.Label(start, start + size, name);
        }
        // The mmap flags that are madvise calls made right after it, in the host's order: the range
        // is split off the VMA it merged into, keeping that VMA's anon_vma (vma_modify_flags).
        foreach (var (wanted, advice) in new[]
        {
            (options.HugePage, MadviseAdvice.HugePage), (options.NoHugePage, MadviseAdvice.NoHugePage),
            (options.DontFork, MadviseAdvice.DontFork), (options.WipeOnFork, MadviseAdvice.WipeOnFork),
        })
        {
            if (wanted)
            {
                MadviseFlags(process, start, start + size, advice);
            }
        }
        if (options.Locked)
        {
            // mmap_region: VM_LOCKED from MAP_LOCKED; do_mmap's caller then populates (mm_populate).
            ModifyVmFlags(process, start, start + size, vma => vma.Flags | VmFlags.Locked);
        }
        if (options.Populate || options.Locked)
        {
            Populate(process, start, start + size);
        }
        return start;
    }

    /// <summary>populate_vma_page_range: fault in every page, writing where the mapping is private and writable.</summary>
    private void Populate(Process process, long start, long end)
    {
        for (var addr = start; addr < end; addr += PageTable.PageSize)
        {
            var vma = process.Mm.FindVma(addr);
            if (vma is null || (vma.Flags & VmFlags.Read) == 0 || PastEndOfFile(vma, addr))
            {
                continue;
            }
            var write = (vma.Flags & (VmFlags.Write | VmFlags.Shared)) == VmFlags.Write;
            var kind = write ? AccessKind.Write : AccessKind.Read;
            if (TranslateForAccess(process.Mm, addr, write) < 0 && !HandleMmFault(process, vma, addr, kind))
            {
                return;
            }
        }
    }

    /// <summary>munmap: split the VMAs at the ends, zap the range, drop the VMAs, free page tables.</summary>
    public Errno Munmap(Process process, long address, long size)
    {
        Enter(process);
        // do_vmi_munmap: unaligned, empty, start > TASK_SIZE or len > TASK_SIZE - start is EINVAL.
        if ((address & (PageTable.PageSize - 1)) != 0 || size <= 0 || !InUserSpace(address, size))
        {
            return Errno.EINVAL;
        }
        var end = address + PageAlign(size);
        var mm = process.Mm;
        if (!mm.Overlaps(address, end))
        {
            return Errno.Ok;
        }
        LruAddDrain(string.Empty);
        SplitVmasAround(process, address, end);
        foreach (var vma in mm.VmasIn(address, end).ToList())
        {
            ZapVmaRange(process, vma, vma.Start, vma.End);
            mm.Vmas.Remove(vma);
            ReleaseVma(vma);
        }
        mm.Unlabel(address, end);
        FreeUnusedPageTables(mm, address, end);
        return Errno.Ok;
    }

    private static long PageAlign(long size) => (size + PageTable.PageSize - 1) & ~(PageTable.PageSize - 1);
}
