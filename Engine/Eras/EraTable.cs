namespace MmDsl.Engine.Eras;

/// <summary>
/// One era of linux-cow-eras.md: the versions it covers (<paramref name="From"/> to
/// <paramref name="Last"/>, both inclusive), the version that stands for it in <c>--kernel all</c>,
/// and the class that holds its decision algorithms.
/// </summary>
internal sealed record EraInfo(
    string Name,
    KernelVersion From,
    KernelVersion Last,
    KernelVersion Representative,
    string Summary,
    Func<KernelVersion, EraInfo, EraPolicy> Factory)
{
    /// <summary>The versions the era covers, e.g. <c>6.15 - 6.18</c>.</summary>
    public string Range =>
        ReferenceEquals(this, EraTable.All[0]) ? $"up to {Last}"
        : From == Last ? $"{From}"
        : $"{From} - {Last}";
}

/// <summary>The eras, oldest first: each era's identity in one place.</summary>
internal static class EraTable
{
    public static IReadOnlyList<EraInfo> All { get; } =
    [
        new("<=5.7", new(2, 6), new(5, 7), new(5, 7),
            "mapcount COW (reuse_swap_page); THP COW copies 2M", (v, e) => new Era57(v, e)),
        new("5.8", new(5, 8), new(5, 8), new(5, 8),
            "THP COW splits the PMD; GUP always breaks COW", (v, e) => new Era58(v, e)),
        new("5.9-5.17", new(5, 9), new(5, 17), new(5, 17),
            "refcount COW (page_count == 1); early COW of pinned pages at fork", (v, e) => new Era59(v, e)),
        new("5.18", new(5, 18), new(5, 18), new(5, 18),
            "refcount COW with LRU drain and swap-cache freeing", (v, e) => new Era518(v, e)),
        new("5.19-6.8", new(5, 19), new(6, 8), new(6, 8),
            "PG_anon_exclusive; exclusive pages reused, pins unshare", (v, e) => new Era519(v, e)),
        new("6.9-6.14", new(6, 9), new(6, 14), new(6, 14),
            "large folios never reused on COW; LRU batch 31", (v, e) => new Era69(v, e)),
        new("6.15+", new(6, 15), KernelVersion.Latest, KernelVersion.Latest,
            "MM owner tracking: PTE-mapped large folios reused when exclusive to the MM", (v, e) => new Era615(v, e)),
    ];

    /// <summary>The era holding <paramref name="version"/>; versions before the first era's start fall into it.</summary>
    public static EraInfo Of(KernelVersion version) => All.Last(e => version >= e.From || e == All[0]);
}
