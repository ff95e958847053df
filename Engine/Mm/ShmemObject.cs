namespace MmDsl.Engine.Mm;

/// <summary>The shmem inode behind a MAP_SHARED|MAP_ANONYMOUS mapping: its page cache.</summary>
internal sealed class ShmemObject
{
    public ShmemObject(int id)
    {
        Id = id;
    }

    public int Id { get; }

    /// <summary>Page cache: page index to pfn. Each cached page holds one reference.</summary>
    public Dictionary<long, int> Pages { get; private set; } = [];

    /// <summary>VMAs that map this object; the pages are dropped when it reaches zero.</summary>
    public int Users { get; set; }

    public ShmemObject Clone() => new(Id) { Pages = new Dictionary<long, int>(Pages), Users = Users };
}
