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
    /// <summary>The commits that opened the era (its decision algorithms), space-separated; empty for the legacy era.</summary>
    public string Commits { get; init; } = string.Empty;

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
            "THP COW splits the PMD; GUP always breaks COW", (v, e) => new Era58(v, e)) { Commits = "3917c80280c9 17839856fd58" },
        new("5.9-5.17", new(5, 9), new(5, 17), new(5, 17),
            "refcount COW (page_count == 1); early COW of pinned pages at fork", (v, e) => new Era59(v, e)) { Commits = "09854ba94c6a a308c71bf1e6 70e806e4e645" },
        new("5.18", new(5, 18), new(5, 18), new(5, 18),
            "refcount COW with LRU drain and swap-cache freeing", (v, e) => new Era518(v, e)) { Commits = "53a05ad9f21d d4c470970d45 c145e0b47c77 3bff7e3f1f16" },
        new("5.19-6.8", new(5, 19), new(6, 8), new(6, 8),
            "PG_anon_exclusive; exclusive pages reused, pins unshare", (v, e) => new Era519(v, e)) { Commits = "6c287605fd56 c89357e27f20 a7f226604170" },
        new("6.9-6.14", new(6, 9), new(6, 14), new(6, 14),
            "large folios never reused on COW; LRU batch 31", (v, e) => new Era69(v, e)) { Commits = "cd197c3a2040 9cecde80aae0" },
        new("6.15+", new(6, 15), KernelVersion.Latest, KernelVersion.Latest,
            "MM owner tracking: PTE-mapped large folios reused when exclusive to the MM", (v, e) => new Era615(v, e)) { Commits = "6af8cb80d3a9 1da190f4d0a6" },
    ];

    /// <summary>The era holding <paramref name="version"/>; versions before the first era's start fall into it.</summary>
    public static EraInfo Of(KernelVersion version) => All.Last(e => version >= e.From || e == All[0]);
}
