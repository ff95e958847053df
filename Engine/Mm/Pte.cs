using System.Runtime.CompilerServices;

namespace MmDsl.Engine.Mm;

/// <summary>
/// A page-table entry packed in 64 bits, x86-like: flag bits low, the pfn (or swap offset) from
/// bit 12. The same layout serves PMD entries, with <see cref="Huge"/> set for a leaf that maps a
/// whole PMD-sized folio.
/// </summary>
internal readonly record struct Pte(ulong Value)
{
    public const ulong Present = 1UL << 0;
    public const ulong Write = 1UL << 1;
    public const ulong Dirty = 1UL << 2;
    public const ulong Young = 1UL << 3;
    public const ulong SoftDirty = 1UL << 4;
    /// <summary>pte_special: maps the zero page (or the huge zero folio at PMD level).</summary>
    public const ulong Special = 1UL << 5;
    /// <summary>A non-present swap entry.</summary>
    public const ulong Swap = 1UL << 6;
    /// <summary>pte_swp_exclusive: the swapped-out page was PG_anon_exclusive (5.19+).</summary>
    public const ulong SwpExclusive = 1UL << 7;
    /// <summary>PMD level: a huge leaf (pmd_trans_huge).</summary>
    public const ulong Huge = 1UL << 8;
    /// <summary>PMD level: points to a page table of PTEs.</summary>
    public const ulong Table = 1UL << 9;

    private const int PfnShift = 12;
    private const ulong PfnMask = (1UL << 40) - 1;
    private const int SwapTypeShift = 52;

    public static Pte None => default;

    public bool IsNone => Value == 0;

    public bool IsPresent => (Value & Present) != 0;

    public bool IsSwap => (Value & Swap) != 0;

    public bool IsWrite => (Value & Write) != 0;

    public bool IsDirty => (Value & Dirty) != 0;

    public bool IsYoung => (Value & Young) != 0;

    public bool IsSoftDirty => (Value & SoftDirty) != 0;

    public bool IsSpecial => (Value & Special) != 0;

    public bool IsSwpExclusive => (Value & SwpExclusive) != 0;

    public bool IsHuge => (Value & Huge) != 0;

    public bool IsTable => (Value & Table) != 0;

    public int Pfn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (int)((Value >> PfnShift) & PfnMask);
    }

    /// <summary>Swap offset of a swap entry.</summary>
    public int SwapOffset => (int)((Value >> PfnShift) & PfnMask);

    public int SwapType => (int)((Value >> SwapTypeShift) & 0x1F);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pte Make(int pfn, ulong bits) => new(((ulong)(uint)pfn << PfnShift) | bits | Present);

    public static Pte MakeSwap(int type, int offset, bool exclusive) =>
        new(((ulong)(uint)offset << PfnShift) | ((ulong)type << SwapTypeShift) | Swap | (exclusive ? SwpExclusive : 0));

    public Pte With(ulong bits) => new(Value | bits);

    public Pte Without(ulong bits) => new(Value & ~bits);

    public Pte WithPfn(int pfn) => new((Value & ~(PfnMask << PfnShift)) | ((ulong)(uint)pfn << PfnShift));
}
