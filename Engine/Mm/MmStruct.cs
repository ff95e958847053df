namespace MmDsl.Engine.Mm;

/// <summary>mm_struct: an address space.</summary>
internal sealed partial class MmStruct
{
    public MmStruct(int mmId)
    {
        MmId = mmId;
    }

    /// <summary>mm->mm_id (6.15 MM owner tracking); small, reused after exit, never 0.</summary>
    public int MmId { get; internal set; }

    public PageTable PageTable { get; private set; } = new();

    /// <summary>The VMAs, sorted by start address.</summary>
    public List<Vma> Vmas { get; private set; } = [];

    /// <summary>MMF_HAS_PINNED (mm->has_pinned before 5.14): set the first time GUP pins a page.</summary>
    public bool HasPinned { get; internal set; }

    /// <summary>MMF_HUGE_ZERO_FOLIO: this mm holds a reference on the huge zero folio.</summary>
    public bool UsesHugeZero { get; internal set; }

    /// <summary>MM_ANONPAGES (in pages).</summary>
    public long AnonPages { get; internal set; }

    /// <summary>MM_SWAPENTS.</summary>
    public long SwapEntries { get; internal set; }

    /// <summary>MM_SHMEMPAGES.</summary>
    public long ShmemPages { get; internal set; }

    public MmStruct Clone()
    {
        var copy = new MmStruct(MmId)
        {
            PageTable = PageTable.Clone(),
            Vmas = Vmas.Select(v => v.Clone()).ToList(),
            HasPinned = HasPinned,
            UsesHugeZero = UsesHugeZero,
            AnonPages = AnonPages,
            SwapEntries = SwapEntries,
            ShmemPages = ShmemPages,
        };
        copy.CopyLabelsFrom(this);
        return copy;
    }

    /// <summary>find_vma_intersection for one address: the VMA that contains it, or null.</summary>
    public Vma? FindVma(long address)
    {
        var vmas = Vmas;
        int lo = 0, hi = vmas.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var vma = vmas[mid];
            if (address < vma.Start)
            {
                hi = mid - 1;
            }
            else if (address >= vma.End)
            {
                lo = mid + 1;
            }
            else
            {
                return vma;
            }
        }
        return null;
    }

    /// <summary>The start of the first VMA that begins after <paramref name="address"/>, or <see cref="long.MaxValue"/>.</summary>
    public long NextVmaStart(long address)
    {
        foreach (var vma in Vmas)
        {
            if (vma.Start > address)
            {
                return vma.Start;
            }
        }
        return long.MaxValue;
    }

    /// <summary>The VMAs that overlap [start, end), in order.</summary>
    public IEnumerable<Vma> VmasIn(long start, long end) => Vmas.Where(v => v.Start < end && v.End > start);

    /// <summary>Is any address of [start, end) mapped?</summary>
    public bool Overlaps(long start, long end) => Vmas.Any(v => v.Start < end && v.End > start);

    internal void InsertVma(Vma vma)
    {
        var i = 0;
        while (i < Vmas.Count && Vmas[i].Start < vma.Start)
        {
            i++;
        }
        Vmas.Insert(i, vma);
    }
}
