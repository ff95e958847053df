namespace MmDsl.Engine.Eras;

/// <summary>A yes-or-no fact about a kernel that holds over a range of versions (see <see cref="EraFacts"/>).</summary>
internal enum Fact
{
    CollapseNeedsWritablePte,
    CountsPgReuse,
    DeferredSplitOnlyWhilePartiallyMapped,
    ExclusiveSwapInWritableOnReadFault,
    ForkCopiesMaybePinned,
    ForkCopiesPinnedExclusiveAnon,
    ForkSharesEveryPage,
    GupForcesCowBreak,
    GupUnsharesNonAnonLongterm,
    GupUnsharesSharedAnon,
    HasAnonExclusive,
    HasDoubleMap,
    HasLargeMapCount,
    HasMadvCollapse,
    HasMadvPageout,
    HasMmIdTracking,
    HasMthp,
    HugeWpCopiesThp,
    HugeWpDecidesByRefcount,
    HugeWpSplitsPmd,
    HugeZeroWpAllocatesThp,
    KhugepagedCollapsesShared,
    KsmBreakUnshares,
    KsmWpCopies,
    KsmWpReusesSoleMapping,
    LruBatchOf31,
    MadvDontneedReclaimsPageTables,
    MprotectMakesExclusiveWritable,
    MremapMovesMultipleVmas,
    MremapShrinkNeedsVma,
    MremapVmaBeforeTargetCheck,
    PagemapExclusivePerPageOfPmd,
    PageoutAsksLikelyMappedShared,
    PageoutAsksMaybeMappedShared,
    PageoutSkipsShared,
    ReclaimSkipsPinned,
    ReuseTestInOwnFunction,
    SplitMapsZeroFilledPagesToZeroPage,
    SwapFileRefusesLargeEntries,
    SwapInDecidesByMapSwapCount,
    SwapInDecidesByRefcount,
    SwapPteRemembersExclusive,
    SwapsOutMthpWhole,
    ThpSplitStatsPmdOnly,
    WpCopiesLargeFolio,
    WpDecidesByMapSwapCount,
    WpReuseDrainsLruBatch,
    WpReuseFreesSwapCache,
    WpReusesLargeFolioOfOneMm,
    WpReusesOnlyAtPageCount1,
}

/// <summary>
/// One entry of the facts table: <paramref name="Name"/> holds from version <paramref name="From"/>
/// (inclusive) until <paramref name="Until"/> (exclusive; null: still holds in the newest kernel).
/// A fact that held, stopped and came back has one entry per stretch. <paramref name="Commit"/> is
/// the commit that made the change (null when its id is not verified; the description then says why).
/// </summary>
internal sealed record EraFact(Fact Name, KernelVersion From, KernelVersion? Until, string? Commit, string Description)
{
    /// <summary>Does this entry cover <paramref name="version"/>?</summary>
    public bool Covers(KernelVersion version) => version >= From && (Until is not { } until || version < until);

    /// <summary>The fact held before any version the engine models: its commit is the one that ended it.</summary>
    public bool Legacy => From == EraFacts.Always;

    /// <summary>
    /// How a trace line cites the rule: the commit that introduced it (<c>09854ba94c6a</c>), for a
    /// legacy rule the commit that ended it (<c>until 09854ba94c6a</c>), or <c>unverified</c>.
    /// </summary>
    public string Citation => Commit is not { } commit ? "unverified" : Legacy ? $"until {commit}" : commit;

    public override string ToString() =>
        $"{Name} [{From}, {(Until is { } u ? u.ToString() : "latest")}) {Commit ?? "id unverified"}: {Description}";
}
