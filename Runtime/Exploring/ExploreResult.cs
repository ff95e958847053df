using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Exploring;

/// <summary>What the explored transitions cost, summed: pages copied (COW faults, fork's early copies, unshares), faults, pages allocated.</summary>
internal readonly record struct ExploreCost(long Copies, long Faults, long Pages)
{
    public static ExploreCost operator +(ExploreCost a, ExploreCost b) => new(a.Copies + b.Copies, a.Faults + b.Faults, a.Pages + b.Pages);
}

/// <summary>A rule broken: the first shortest sequence that broke it, and how many explored transitions broke it.</summary>
internal sealed record ExploreFinding(Violation Violation, IReadOnlyList<ExploreOp> Path, long Count);

/// <summary>Where a search stands (the progress line).</summary>
internal sealed record ExploreProgress(int Depth, int MaxDepth, long States, long Transitions, long Frontier, long FrontierDone, TimeSpan Elapsed);

/// <summary>The outcome of exploring one world under one kernel.</summary>
internal sealed record ExploreResult(
    KernelVersion Version,
    string Era,
    int Depth,
    IReadOnlyList<long> NewStatesByDepth,
    long Transitions,
    ExploreCost Cost,
    IReadOnlyList<ExploreFinding> Findings,
    bool Stopped,
    string? StopReason)
{
    /// <summary>With <c>--sample</c>: the random walks made (null: the exhaustive search).</summary>
    public int? Walks { get; init; }

    /// <summary>With <c>--sample</c>: the seed of the walks.</summary>
    public ulong Seed { get; init; }

    /// <summary>Distinct states reached, the setup's included.</summary>
    public long States => 1 + NewStatesByDepth.Sum();
}
