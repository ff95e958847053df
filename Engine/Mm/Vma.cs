namespace MmDsl.Engine.Mm;

/// <summary>vm_area_struct: one mapping of a process.</summary>
internal sealed class Vma
{
    public Vma(long start, long end, VmFlags flags, long pgOff)
    {
        Start = start;
        End = end;
        Flags = flags;
        PgOff = pgOff;
    }

    /// <summary>vm_start (inclusive).</summary>
    public long Start { get; internal set; }

    /// <summary>vm_end (exclusive).</summary>
    public long End { get; internal set; }

    public VmFlags Flags { get; internal set; }

    /// <summary>vm_pgoff: for anonymous VMAs, the page index of <see cref="Start"/>.</summary>
    public long PgOff { get; internal set; }

    /// <summary>vma->anon_vma: the anon_vma new folios of this VMA go to (0: none yet).</summary>
    public int AnonVma { get; internal set; }

    /// <summary>vma->anon_vma_chain: every anon_vma whose folios this VMA may map.</summary>
    public List<int> AnonVmaChain { get; internal set; } = [];

    /// <summary>Shmem object backing a shared anonymous mapping (0: private anonymous).</summary>
    public int Shmem { get; internal set; }

    public long Size => End - Start;

    public bool Contains(long address) => address >= Start && address < End;

    /// <summary>linear_page_index: the folio index of the page at <paramref name="address"/>.</summary>
    public long LinearIndex(long address) => ((address - Start) >> PageTable.PageShift) + PgOff;

    /// <summary>The address at which this VMA maps page index <paramref name="index"/>, or -1.</summary>
    public long AddressOf(long index)
    {
        var address = Start + ((index - PgOff) << PageTable.PageShift);
        return address >= Start && address < End ? address : -1;
    }

    public Vma Clone() => new(Start, End, Flags, PgOff)
    {
        AnonVma = AnonVma,
        AnonVmaChain = [.. AnonVmaChain],
        Shmem = Shmem,
    };

    public override string ToString() => $"{Start:x}-{End:x} {Flags.Perms()}";
}
