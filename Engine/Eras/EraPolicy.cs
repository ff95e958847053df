namespace MmDsl.Engine.Eras;

/// <summary>
/// How one kernel version decides. The facts (does PG_anon_exclusive exist, does MADV_PAGEOUT skip
/// shared pages...) come from <see cref="EraFacts"/> for the exact version; the era's identity
/// from <see cref="EraTable"/>. Only the decision algorithms that differ by era are code: one
/// sealed subclass per era holds its whole do_wp_page, do_huge_pmd_wp_page, do_swap_page, fork
/// copy and GUP unshare decisions, built from the kernel functions in <see cref="WpReuse"/> and
/// <see cref="SwapInReuse"/>. A policy holds no state: the machine's state is passed in through
/// small context interfaces.
/// </summary>
internal abstract class EraPolicy
{
    private readonly bool[] _facts;
    private readonly EraFact?[] _entries;

    protected EraPolicy(KernelVersion version, EraInfo era)
    {
        Version = version;
        Info = era;
        _facts = EraFacts.At(version);
        _entries = EraFacts.EntriesAt(version);
    }

    /// <summary>The exact version chosen.</summary>
    public KernelVersion Version { get; }

    /// <summary>The era's identity: name, range, summary.</summary>
    public EraInfo Info { get; }

    /// <summary>Short name of the era, e.g. <c>6.15+</c>.</summary>
    public string Name => Info.Name;

    /// <summary>The versions the era covers, e.g. <c>6.15 - 6.18</c>.</summary>
    public string Range => Info.Range;

    /// <summary>One line on what defines the era.</summary>
    public string Summary => Info.Summary;

    /// <summary>The era holding <paramref name="version"/>, deciding as that exact version does.</summary>
    public static EraPolicy For(KernelVersion version)
    {
        var era = EraTable.Of(version);
        return era.Factory(version, era);
    }

    /// <summary>The eras, oldest first, each at its representative version.</summary>
    public static IReadOnlyList<EraPolicy> All { get; } = EraTable.All.Select(e => e.Factory(e.Representative, e)).ToArray();

    public override string ToString() => $"{Name} ({Range})";

    /// <summary>Does <paramref name="fact"/> hold for this version (<see cref="EraFacts"/>)?</summary>
    public bool Has(Fact fact) => _facts[(int)fact];

    /// <summary>
    /// The entry of <paramref name="fact"/> that covers this version (its range and commit), or null
    /// when the fact does not hold here: what a decision cites as the rule that decided.
    /// </summary>
    public EraFact? Rule(Fact fact) => _entries[(int)fact];

    // ---- Facts, by the names the engine asks for -------------------------------------------

    /// <summary>PAGEVEC_SIZE / folio batch size of the per-CPU LRU-add batch.</summary>
    public int LruBatchSize => Has(Fact.LruBatchOf31) ? 31 : 15;

    public bool HasAnonExclusive => Has(Fact.HasAnonExclusive);

    public bool HasLargeMapCount => Has(Fact.HasLargeMapCount);

    public bool HasDoubleMap => Has(Fact.HasDoubleMap);

    public bool HasMmIdTracking => Has(Fact.HasMmIdTracking);

    public bool DeferredSplitOnlyWhilePartiallyMapped => Has(Fact.DeferredSplitOnlyWhilePartiallyMapped);

    public bool HasMthp => Has(Fact.HasMthp);

    public bool MprotectMakesExclusiveWritable => Has(Fact.MprotectMakesExclusiveWritable);

    public bool GupForcesCowBreak => Has(Fact.GupForcesCowBreak);

    public bool HasMadvPageout => Has(Fact.HasMadvPageout);

    public bool PageoutSkipsShared => Has(Fact.PageoutSkipsShared);

    public bool ReclaimSkipsPinned => Has(Fact.ReclaimSkipsPinned);

    /// <summary>MADV_DONTNEED frees the PTE table it emptied over a whole 2M (6375e95f381e, 6.14).</summary>
    public bool MadvDontneedReclaimsPageTables => Has(Fact.MadvDontneedReclaimsPageTables);

    /// <summary>mremap MREMAP_FIXED with old_len == new_len moves every VMA of the range (remap_move, d23cb648e365, 6.17).</summary>
    public bool MremapShrinkNeedsVma => Has(Fact.MremapShrinkNeedsVma);

    public bool MremapVmaBeforeTargetCheck => Has(Fact.MremapVmaBeforeTargetCheck);

    public bool MremapMovesMultipleVmas => Has(Fact.MremapMovesMultipleVmas);

    /// <summary>A THP split maps zero-filled pages to the shared zero page (RMP_USE_SHARED_ZEROPAGE, b1f202060afe, 6.12).</summary>
    public bool SplitMapsZeroFilledPagesToZeroPage => Has(Fact.SplitMapsZeroFilledPagesToZeroPage);

    public bool SwapsOutMthpWhole => Has(Fact.SwapsOutMthpWhole);

    public bool HasMadvCollapse => Has(Fact.HasMadvCollapse);

    public bool KhugepagedCollapsesShared => Has(Fact.KhugepagedCollapsesShared);

    public bool CollapseNeedsWritablePte => Has(Fact.CollapseNeedsWritablePte);

    public bool CountsPgReuse => Has(Fact.CountsPgReuse);

    public bool PagemapExclusivePerPageOfPmd => Has(Fact.PagemapExclusivePerPageOfPmd);

    public bool ThpSplitStatsPmdOnly => Has(Fact.ThpSplitStatsPmdOnly);

    public bool SwapFileRefusesLargeEntries => Has(Fact.SwapFileRefusesLargeEntries);

    public bool HugeZeroWpAllocatesThp => Has(Fact.HugeZeroWpAllocatesThp);

    /// <summary>
    /// The sharing test of MADV_PAGEOUT on a folio: page_mapcount of the first page (≤6.9, as
    /// folio_estimated_sharers from 6.5), folio_likely_mapped_shared (6.10), folio_maybe_mapped_shared (6.15).
    /// </summary>
    public bool PageoutConsidersShared(IFolioSharing folio) =>
        Has(Fact.PageoutAsksMaybeMappedShared) ? folio.MaybeMappedShared
        : Has(Fact.PageoutAsksLikelyMappedShared) ? folio.LikelyMappedShared
        : folio.FirstPageMapCount != 1;

    // ---- The decisions that differ by era ---------------------------------------------------

    /// <summary>do_wp_page for an anonymous page mapped R/O: reuse it, or copy it.</summary>
    public abstract WpVerdict DoWpPage(IWpFolio folio);

    /// <summary>do_huge_pmd_wp_page for a PMD-mapped anonymous THP.</summary>
    public abstract HugeWpVerdict DoHugePmdWpPage(IWpFolio folio);

    /// <summary>do_swap_page: how to map the page a swap fault brought back, and what happens to the swap cache.</summary>
    public abstract SwapInDecision DoSwapPage(ISwapInFolio folio);

    /// <summary>
    /// copy_present_pte / copy_huge_pmd: must the child get its own copy of this page now, instead
    /// of sharing it copy-on-write?
    /// </summary>
    public abstract bool ForkCopiesPage(ForkPage page);

    /// <summary>The name of the fork test in traces.</summary>
    public abstract string ForkCopyRule { get; }

    /// <summary>The fact whose rule fork's copy test applies (cited in traces).</summary>
    public abstract Fact ForkCopyFact { get; }

    /// <summary>gup_must_unshare: must a R/O FOLL_PIN first unshare the page (FAULT_FLAG_UNSHARE)?</summary>
    public abstract bool GupMustUnshare(GupPage page);
}
