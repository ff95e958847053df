namespace MmDsl.Engine.Memory;

/// <summary>
/// Page contents, kept exactly but sparsely: an untouched page costs nothing, a page holding one
/// written word costs one inline word and nine bits of its flags, and only a page with two or more
/// non-zero words gets a full 4K array.
/// </summary>
internal sealed partial class PhysicalMemory
{
    private readonly Dictionary<int, ulong[]> _fullPages = [];

    /// <summary>Read the 8-byte word at <paramref name="wordOffset"/> (0..511) of a frame.</summary>
    public ulong ReadWord(int pfn, int wordOffset)
    {
        var flags = Flags(pfn);
        if ((flags & PageFlags.ContentWord) != 0)
        {
            return WordOffsetOf(flags) == wordOffset ? Word(pfn) : 0;
        }
        if ((flags & PageFlags.ContentFull) != 0)
        {
            return _fullPages[pfn][wordOffset];
        }
        return 0;
    }

    /// <summary>Write the 8-byte word at <paramref name="wordOffset"/> of a frame.</summary>
    public void WriteWord(int pfn, int wordOffset, ulong value)
    {
        ref var flags = ref Flags(pfn);
        if ((flags & PageFlags.ContentFull) != 0)
        {
            _fullPages[pfn][wordOffset] = value;
            return;
        }
        if ((flags & PageFlags.ContentWord) != 0 && WordOffsetOf(flags) != wordOffset)
        {
            if (value == 0)
            {
                return;
            }
            var words = new ulong[PageImage.WordsPerPage];
            words[WordOffsetOf(flags)] = Word(pfn);
            words[wordOffset] = value;
            _fullPages[pfn] = words;
            flags = (flags & ~(PageFlags.ContentWord | PageFlags.WordOffsetMask)) | PageFlags.ContentFull;
            Word(pfn) = 0;
            return;
        }
        if (value == 0)
        {
            flags &= ~(PageFlags.ContentWord | PageFlags.WordOffsetMask);
            Word(pfn) = 0;
            return;
        }
        flags = (flags & ~PageFlags.WordOffsetMask) | PageFlags.ContentWord |
            (PageFlags)((uint)wordOffset << PageFlagBits.WordOffsetShift);
        Word(pfn) = value;
    }

    /// <summary>The whole contents of a frame.</summary>
    public PageImage GetImage(int pfn)
    {
        var flags = Flags(pfn);
        if ((flags & PageFlags.ContentWord) != 0)
        {
            return PageImage.OneWord(WordOffsetOf(flags), Word(pfn));
        }
        if ((flags & PageFlags.ContentFull) != 0)
        {
            return PageImage.FullPage((ulong[])_fullPages[pfn].Clone());
        }
        return PageImage.Zero;
    }

    /// <summary>Replace the contents of a frame.</summary>
    public void SetImage(int pfn, PageImage image)
    {
        ClearContents(pfn);
        if (image.Full is not null)
        {
            _fullPages[pfn] = (ulong[])image.Full.Clone();
            Flags(pfn) |= PageFlags.ContentFull;
        }
        else if (image.Word != 0)
        {
            WriteWord(pfn, image.WordOffset, image.Word);
        }
    }

    /// <summary>copy_user_highpage: the destination gets the source's contents.</summary>
    public void CopyContents(int from, int to)
    {
        var flags = Flags(from);
        if ((flags & (PageFlags.ContentWord | PageFlags.ContentFull)) == 0)
        {
            ClearContents(to);
            return;
        }
        if ((flags & PageFlags.ContentWord) != 0)
        {
            ClearContents(to);
            Flags(to) |= flags & (PageFlags.ContentWord | PageFlags.WordOffsetMask);
            Word(to) = Word(from);
            return;
        }
        SetImage(to, GetImage(from));
    }

    /// <summary>pages_identical(page, ZERO_PAGE(0)): does every byte of the frame read as zero?</summary>
    public bool IsZeroFilled(int pfn)
    {
        var flags = Flags(pfn);
        if ((flags & PageFlags.ContentWord) != 0)
        {
            return Word(pfn) == 0;
        }
        return (flags & PageFlags.ContentFull) == 0 || Array.TrueForAll(_fullPages[pfn], w => w == 0);
    }

    /// <summary>clear_page: the frame reads as zero.</summary>
    public void ClearContents(int pfn)
    {
        ref var flags = ref Flags(pfn);
        if ((flags & PageFlags.ContentFull) != 0)
        {
            _fullPages.Remove(pfn);
        }
        flags &= ~(PageFlags.ContentWord | PageFlags.ContentFull | PageFlags.WordOffsetMask);
        Word(pfn) = 0;
    }

    /// <summary>pages_identical / memcmp_pages: do the two frames hold the same bytes?</summary>
    public bool SameContents(int a, int b)
    {
        for (var w = 0; w < PageImage.WordsPerPage; w++)
        {
            if (!HasFullOrWord(a) && !HasFullOrWord(b))
            {
                return true;
            }
            if (ReadWord(a, w) != ReadWord(b, w))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>calc_checksum: a hash of the frame's contents (any change to a word changes it, as far as a 64-bit hash can).</summary>
    public ulong ContentChecksum(int pfn)
    {
        var hash = 14695981039346656037UL;
        if (!HasFullOrWord(pfn))
        {
            return hash;
        }
        for (var w = 0; w < PageImage.WordsPerPage; w++)
        {
            var word = ReadWord(pfn, w);
            if (word != 0)
            {
                hash = (hash ^ (ulong)w) * 1099511628211UL;
                hash = (hash ^ word) * 1099511628211UL;
            }
        }
        return hash;
    }

    private bool HasFullOrWord(int pfn) => (Flags(pfn) & (PageFlags.ContentWord | PageFlags.ContentFull)) != 0;

    private static int WordOffsetOf(PageFlags flags) =>
        (int)((uint)(flags & PageFlags.WordOffsetMask) >> PageFlagBits.WordOffsetShift);
}
