using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Api;

/// <summary>
/// A page-table entry (pte_t), as it was when asked for. <see cref="Level"/> is <c>pte</c>, or
/// <c>pmd</c> for a huge PMD leaf listed by <see cref="ProcessView.Ptes"/>.
/// </summary>
public sealed record PteView(Address Address, string Level, ulong Raw)
{
    internal static PteView Of(long address, Pte pte) => new(new(address), "pte", pte.Value);

    internal static PteView OfPmd(long address, Pte pmd) => new(new(address), "pmd", pmd.Value);

    private Pte E => new(Raw);

    /// <summary>pte_none: nothing mapped and no swap entry.</summary>
    public bool None => E.IsNone;

    public bool Present => E.IsPresent;

    public bool Write => E.IsPresent && E.IsWrite;

    public bool Dirty => E.IsPresent && E.IsDirty;

    public bool Young => E.IsPresent && E.IsYoung;

    public bool SoftDirty => E.IsSoftDirty;

    /// <summary>pte_special: maps the shared zero page (or the huge zero folio).</summary>
    public bool Zero => E.IsPresent && E.IsSpecial;

    /// <summary>A swap entry (not present).</summary>
    public bool Swap => E.IsSwap;

    /// <summary>pte_swp_exclusive: the swapped-out page was exclusive (5.19+).</summary>
    public bool SwpExclusive => E.IsSwap && E.IsSwpExclusive;

    /// <summary>The page frame it maps; 0 if not present.</summary>
    public Pfn Pfn => new(E.IsPresent ? E.Pfn : 0);

    /// <summary>The swap slot of a swap entry; 0 otherwise.</summary>
    public int SwapSlot => E.IsSwap ? E.SwapOffset : 0;

    public override string ToString()
    {
        if (None)
        {
            return $"{Address} {Level} none";
        }
        if (Swap)
        {
            return $"{Address} {Level} swap slot {SwapSlot}{(SwpExclusive ? " swp-excl" : string.Empty)}";
        }
        return $"{Address} {Level} pfn {Pfn}{(Zero ? " (zero)" : string.Empty)} {Output.Show.PtesTable.Flags(E)}";
    }
}

/// <summary>A PMD entry (pmd_t), as it was when asked for: none, a pointer to a PTE table, or a huge leaf.</summary>
public sealed record PmdView(Address Address, ulong Raw)
{
    internal static PmdView Of(long address, Pte pmd) => new(new(address), pmd.Value);

    private Pte E => new(Raw);

    /// <summary>pmd_none.</summary>
    public bool None => E.IsNone;

    /// <summary>Points to a table of 512 PTEs.</summary>
    public bool Table => E.IsTable;

    /// <summary>pmd_trans_huge: maps a whole PMD-sized folio.</summary>
    public bool Huge => E.IsHuge;

    public bool Present => E.IsHuge && E.IsPresent;

    public bool Write => Present && E.IsWrite;

    public bool Dirty => Present && E.IsDirty;

    public bool Young => Present && E.IsYoung;

    /// <summary>Maps the huge zero folio.</summary>
    public bool Zero => Present && E.IsSpecial;

    /// <summary>The head page frame of a huge leaf; 0 otherwise.</summary>
    public Pfn Pfn => new(Present ? E.Pfn : 0);

    public override string ToString() =>
        None ? $"{Address} pmd none"
        : Table ? $"{Address} pmd table"
        : $"{Address} pmd huge pfn {Pfn}{(Zero ? " (zero)" : string.Empty)} {Output.Show.PtesTable.Flags(E)}";
}
