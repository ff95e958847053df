namespace MmDsl.Engine.Memory;

/// <summary>
/// The contents of one 4K page, stored sparsely: all zero, one 8-byte word, or a full array of
/// 512 words. Used to move contents between page frames and swap slots.
/// </summary>
internal readonly struct PageImage
{
    public const int WordsPerPage = 512;

    private PageImage(int wordOffset, ulong word, ulong[]? full)
    {
        WordOffset = wordOffset;
        Word = word;
        Full = full;
    }

    public static PageImage Zero => default;

    public static PageImage OneWord(int wordOffset, ulong word) => new(wordOffset, word, null);

    public static PageImage FullPage(ulong[] words) => new(0, 0, words);

    /// <summary>Word index 0..511 of the single stored word (when <see cref="Full"/> is null).</summary>
    public int WordOffset { get; }

    public ulong Word { get; }

    /// <summary>All 512 words, or null.</summary>
    public ulong[]? Full { get; }

    public bool IsZero => Full is null && Word == 0;

    public ulong Read(int wordOffset) =>
        Full is not null ? Full[wordOffset] : wordOffset == WordOffset ? Word : 0;
}
