namespace MmDsl.Engine.Mm;

/// <summary>What an mmap asks for beyond its size and place.</summary>
internal sealed record MmapOptions
{
    public bool Read { get; init; } = true;

    public bool Write { get; init; } = true;

    /// <summary>MAP_SHARED: of a new shmem object (MAP_ANONYMOUS), or of <see cref="File"/>.</summary>
    public bool Shared { get; init; }

    /// <summary>The memfd to map from offset 0 (its shmem object's id); 0 for anonymous memory.</summary>
    public int File { get; init; }

    /// <summary>MADV_HUGEPAGE right after mmap.</summary>
    public bool HugePage { get; init; }

    /// <summary>MADV_NOHUGEPAGE right after mmap.</summary>
    public bool NoHugePage { get; init; }

    /// <summary>MAP_POPULATE.</summary>
    public bool Populate { get; init; }

    /// <summary>MAP_LOCKED: VM_LOCKED, and populated as mlock would.</summary>
    public bool Locked { get; init; }

    /// <summary>MADV_DONTFORK right after mmap.</summary>
    public bool DontFork { get; init; }

    /// <summary>MADV_WIPEONFORK right after mmap.</summary>
    public bool WipeOnFork { get; init; }

    /// <summary>anon_vma_name.</summary>
    public string? Name { get; init; }
}
