using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>memfd_create and ftruncate, and read(2)/write(2) through the shmem page cache (mm/memfd.c, mm/shmem.c).</summary>
internal sealed partial class Machine
{
    /// <summary>MAX_LFS_FILESIZE on 64-bit: the largest i_size a file may have.</summary>
    public const long MaxFileSize = long.MaxValue;

    public ShmemObject? FindMemfd(string name)
    {
        foreach (var obj in _s.Shmem.Values)
        {
            if (obj.Name == name)
            {
                return obj;
            }
        }
        return null;
    }

    /// <summary>memfd_create(NAME) + ftruncate(SIZE): a shmem inode that a file descriptor holds.</summary>
    public Result<ShmemObject> CreateMemfd(string name, long size)
    {
        if (FindMemfd(name) is not null)
        {
            return Result<ShmemObject>.Fail(Errno.EEXIST, $"memfd {name} exists");
        }
        if (size < 0)
        {
            return Result<ShmemObject>.Fail(Errno.EINVAL, "negative length");
        }
        var obj = new ShmemObject(_s.NextShmem++) { Name = name, Size = size, Held = true };
        _s.Shmem[obj.Id] = obj;
        return obj;
    }

    /// <summary>
    /// pwrite(2) of one 8-byte word (shmem_write_begin/end): the page is found or allocated in the
    /// page cache and written; i_size grows to cover it. Every mapping of the page sees the word.
    /// </summary>
    public Errno MemfdWrite(ShmemObject obj, long offset, ulong value)
    {
        if (offset < 0 || (offset & 7) != 0)
        {
            return Errno.EINVAL;
        }
        if (offset > MaxFileSize - 8)
        {
            // generic_write_check_limits: a write that would end past s_maxbytes (the kernel would write what fits).
            return Errno.EFBIG;
        }
        var pfn = ShmemGetFolio(obj, offset >> PageTable.PageShift, allocate: true);
        if (pfn < 0)
        {
            return Errno.ENOMEM;
        }
        _s.Memory.WriteWord(pfn, (int)((offset & (PageTable.PageSize - 1)) >> 3), value);
        obj.Size = Math.Max(obj.Size, offset + 8);
        return Errno.Ok;
    }

    /// <summary>
    /// pread(2) of one 8-byte word (shmem_file_read_iter): a hole reads zeros without allocating a
    /// page; at or past i_size nothing is read (null).
    /// </summary>
    public Result<ulong?> MemfdRead(ShmemObject obj, long offset)
    {
        if (offset < 0 || (offset & 7) != 0)
        {
            return Result<ulong?>.Fail(Errno.EINVAL);
        }
        if (offset >= obj.Size)
        {
            return (ulong?)null;
        }
        var pfn = ShmemGetFolio(obj, offset >> PageTable.PageShift, allocate: false);
        return (ulong?)(pfn < 0 ? 0 : _s.Memory.ReadWord(pfn, (int)((offset & (PageTable.PageSize - 1)) >> 3)));
    }

    /// <summary>
    /// shmem_get_folio: the page-cache folio at INDEX, allocated (zeroed, on the LRU, holding the
    /// page cache's reference) when it is missing and <paramref name="allocate"/>; -1 when there is none.
    /// </summary>
    private int ShmemGetFolio(ShmemObject obj, long index, bool allocate)
    {
        if (obj.Pages.TryGetValue(index, out var pfn))
        {
            return pfn;
        }
        if (!allocate)
        {
            return -1;
        }
        pfn = AllocFolio(0);
        if (pfn < 0)
        {
            return -1;
        }
        _s.Memory.Set(pfn, PageFlags.Shmem);
        _s.Memory.Mapping(pfn) = obj.Id;
        _s.Memory.Index(pfn) = index;
        obj.Pages[index] = pfn;
        LruAdd(pfn);
        return pfn;
    }

    /// <summary>A fault at ADDRESS of a memfd mapping lies past the file's end: shmem_fault gives VM_FAULT_SIGBUS.</summary>
    private bool PastEndOfFile(Vma vma, long address) =>
        vma.Shmem != 0 && _s.Shmem[vma.Shmem] is { IsMemfd: true } obj && vma.LinearIndex(address) >= obj.SizeInPages();
}
