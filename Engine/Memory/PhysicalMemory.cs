using System.Runtime.CompilerServices;

namespace MmDsl.Engine.Memory;

/// <summary>
/// Page frames and their metadata (the memmap): one slot per pfn in each array, kept in sections
/// of <see cref="SectionPages"/> frames that are allocated when the allocator first hands out a
/// frame in them (as sparsemem and deferred memmap init do). Behaviour lives elsewhere; this is
/// plain data that clones in bulk.
/// </summary>
internal sealed partial class PhysicalMemory
{
    public const int SectionShift = 11;
    public const int SectionPages = 1 << SectionShift;
    private const int SectionMask = SectionPages - 1;

    private Section?[] _sections;

    public PhysicalMemory(long totalPages)
    {
        if (totalPages < 4 * 1024 || totalPages > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(totalPages));
        }
        TotalPages = (int)totalPages;
        _sections = new Section?[(TotalPages + SectionPages - 1) >> SectionShift];
        _freeHead = new int[MaxOrder + 1];
        Array.Fill(_freeHead, -1);
        _freeCount = new long[MaxOrder + 1];
    }

    private PhysicalMemory(PhysicalMemory other)
    {
        TotalPages = other.TotalPages;
        _sections = new Section?[other._sections.Length];
        for (var i = 0; i < _sections.Length; i++)
        {
            _sections[i] = other._sections[i]?.Clone();
        }
        _freeHead = (int[])other._freeHead.Clone();
        _freeCount = (long[])other._freeCount.Clone();
        _frontier = other._frontier;
        FreePages = other.FreePages;
        foreach (var (pfn, words) in other._fullPages)
        {
            _fullPages[pfn] = (ulong[])words.Clone();
        }
    }

    public int TotalPages { get; }

    public PhysicalMemory Clone() => new(this);

    /// <summary>Bytes of metadata allocated (for the memory budget).</summary>
    public long MetadataBytes => _sections.Count(s => s is not null) * (long)Section.BytesPerSection;

    private Section S(int pfn)
    {
        var section = _sections[pfn >> SectionShift];
        if (section is null)
        {
            section = new Section();
            _sections[pfn >> SectionShift] = section;
        }
        return section;
    }

    /// <summary>
    /// Heads of the allocated folios and of the reserved frames, in pfn order: free buddy blocks and
    /// tail pages are stepped over whole.
    /// </summary>
    public IEnumerable<int> AllocatedHeads()
    {
        for (var s = 0; s < _sections.Length; s++)
        {
            if (_sections[s] is null)
            {
                continue;
            }
            var end = Math.Min((s + 1) << SectionShift, TotalPages);
            for (var pfn = s << SectionShift; pfn < end;)
            {
                var flags = Flags(pfn);
                if ((flags & PageFlags.Buddy) != 0)
                {
                    pfn += 1 << Order(pfn);
                    continue;
                }
                if ((flags & PageFlags.Tail) != 0)
                {
                    pfn++;
                    continue;
                }
                if (RefCount(pfn) > 0 || (flags & PageFlags.Reserved) != 0)
                {
                    yield return pfn;
                }
                pfn += (flags & PageFlags.Head) != 0 ? 1 << Order(pfn) : 1;
            }
        }
    }

    internal bool IsInitialised(int pfn) => pfn >= 0 && pfn < TotalPages && _sections[pfn >> SectionShift] is not null;

    /// <summary>folio_ref_count / page_count (stored on the head page).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref int RefCount(int pfn) => ref S(pfn).RefCount[pfn & SectionMask];

    /// <summary>
    /// Per-page PTE mapcount (page->_mapcount + 1). 16 bits are enough: an anonymous page is
    /// mapped at most once per process, and there are at most <see cref="MaxMappers"/> processes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref ushort MapCount(int pfn) => ref S(pfn).MapCount[pfn & SectionMask];

    /// <summary>PID_MAX_DEFAULT: the most processes a machine runs, so the most mappings of one page.</summary>
    public const int MaxMappers = 32768;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref PageFlags Flags(int pfn) => ref S(pfn).Flags[pfn & SectionMask];

    /// <summary>folio->mapping: anon_vma id (anon) or shmem object id; on tail pages, the head pfn.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref int Mapping(int pfn) => ref S(pfn).Mapping[pfn & SectionMask];

    /// <summary>folio->index: the linear page index; free blocks keep their list links here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long Index(int pfn) => ref S(pfn).Index[pfn & SectionMask];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref ulong Word(int pfn) => ref S(pfn).Word[pfn & SectionMask];

    public bool Has(int pfn, PageFlags flag) => (Flags(pfn) & flag) != 0;

    public void Set(int pfn, PageFlags flag) => Flags(pfn) |= flag;

    public void Clear(int pfn, PageFlags flag) => Flags(pfn) &= ~flag;

    /// <summary>The order of the folio headed at <paramref name="head"/> (0 for small folios).</summary>
    public int Order(int head) => (int)((uint)(Flags(head) & PageFlags.OrderMask) >> PageFlagBits.OrderShift);

    internal void SetOrder(int pfn, int order) =>
        Flags(pfn) = (Flags(pfn) & ~PageFlags.OrderMask) | (PageFlags)((uint)order << PageFlagBits.OrderShift);

    /// <summary>compound_head: the head pfn of the folio that holds <paramref name="pfn"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Head(int pfn) => (Flags(pfn) & PageFlags.Tail) != 0 ? Mapping(pfn) : pfn;

    private sealed class Section
    {
        public const int BytesPerSection = SectionPages * (4 + 2 + 4 + 4 + 8 + 8);

        public int[] RefCount = new int[SectionPages];
        public ushort[] MapCount = new ushort[SectionPages];
        public PageFlags[] Flags = new PageFlags[SectionPages];
        public int[] Mapping = new int[SectionPages];
        public long[] Index = new long[SectionPages];
        public ulong[] Word = new ulong[SectionPages];

        public Section Clone() => new()
        {
            RefCount = (int[])RefCount.Clone(),
            MapCount = (ushort[])MapCount.Clone(),
            Flags = (PageFlags[])Flags.Clone(),
            Mapping = (int[])Mapping.Clone(),
            Index = (long[])Index.Clone(),
            Word = (ulong[])Word.Clone(),
        };
    }
}
