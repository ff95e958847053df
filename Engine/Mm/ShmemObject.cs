namespace MmDsl.Engine.Mm;

/// <summary>
/// A shmem inode and its page cache: the one behind a MAP_SHARED|MAP_ANONYMOUS mapping, or a memfd
/// (memfd_create) that mappings of either kind may map.
/// </summary>
internal sealed class ShmemObject
{
    public ShmemObject(int id)
    {
        Id = id;
    }

    public int Id { get; }

    /// <summary>The memfd's name; null for the anonymous inode of a shared anonymous mapping.</summary>
    public string? Name { get; init; }

    /// <summary>i_size in bytes, for a memfd (a fault past it is SIGBUS); a shared anonymous inode is as large as its mapping.</summary>
    public long Size { get; set; }

    /// <summary>Page cache: page index to pfn. Each cached page holds one reference.</summary>
    public Dictionary<long, int> Pages { get; private set; } = [];

    /// <summary>VMAs that map this object.</summary>
    public int Users { get; set; }

    /// <summary>A file descriptor keeps the inode (a memfd): its pages outlive its mappings.</summary>
    public bool Held { get; init; }

    public bool IsMemfd => Name is not null;

    /// <summary>The pages i_size covers (DIV_ROUND_UP without overflow: i_size may be LLONG_MAX).</summary>
    public long SizeInPages() => (Size >> PageTable.PageShift) + ((Size & (PageTable.PageSize - 1)) != 0 ? 1 : 0);

    public ShmemObject Clone() => new(Id) { Name = Name, Size = Size, Pages = new Dictionary<long, int>(Pages), Users = Users, Held = Held };
}
