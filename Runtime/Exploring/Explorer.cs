using System.Diagnostics;

namespace MmDsl.Runtime.Exploring;

/// <summary>How a search runs: cores, a bound on states, cancellation, progress.</summary>
internal sealed record ExploreOptions
{
    /// <summary>Workers expanding states at once; 1 or more. The result does not depend on it.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Stop (and say so) once this many distinct states are known.</summary>
    public long MaxStates { get; init; } = 2_000_000;

    public CancellationToken Cancellation { get; init; }

    public IProgress<ExploreProgress>? Progress { get; init; }
}

/// <summary>
/// Bounded exhaustive search, breadth first: every sequence of the world's operations up to its
/// depth, each state explored once (states are hashed with the numbers that mean nothing
/// renumbered, <see cref="Engine.Machine.AddStateTo"/>), every state judged by
/// <see cref="ExploreOracle"/>. A level's states are expanded in parallel and merged in order, so
/// the states found, the costs and the first shortest sequence that breaks each rule are the same
/// whatever the number of workers. A state that breaks a rule is reported, not expanded.
/// </summary>
internal static class Explorer
{
    private const int Chunk = 2048;

    public static ExploreResult Run(ExploreRoot root, ExploreOptions options)
    {
        var clock = Stopwatch.StartNew();
        var world = root.World;
        var workers = new ExploreSession[Math.Max(1, options.Jobs)];
        var pool = new System.Collections.Concurrent.ConcurrentBag<ExploreSession>();
        var first = new ExploreSession(root);
        var seen = new HashSet<UInt128> { first.StateHash() };
        var findings = new Dictionary<ViolationKind, (ExploreFinding Finding, long Count)>();
        var rootViolation = ExploreOracle.Check(first.Machine, root.Ghost, root.Addresses);
        pool.Add(first);
        if (rootViolation is not null)
        {
            findings[rootViolation.Kind] = (new ExploreFinding(rootViolation, [], 1), 1);
        }
        var frontier = new List<ExploreOp[]> { Array.Empty<ExploreOp>() };
        var newStates = new List<long>();
        long transitions = 0;
        var cost = default(ExploreCost);
        string? stop = null;
        var depth = 0;
        for (; depth < world.Depth && frontier.Count > 0 && stop is null; depth++)
        {
            var next = new List<ExploreOp[]>();
            for (var start = 0; start < frontier.Count && stop is null; start += Chunk)
            {
                var count = Math.Min(Chunk, frontier.Count - start);
                var expanded = new List<Transition>[count];
                // Workers only read the set of known states; the merge below is the only writer.
                try
                {
                    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers.Length, CancellationToken = options.Cancellation }, i =>
                    {
                        if (!pool.TryTake(out var session))
                        {
                            session = new ExploreSession(root);
                        }
                        session.Replay(frontier[start + i]);
                        expanded[i] = session.Expand(depth, seen.Contains);
                        pool.Add(session);
                    });
                }
                catch (OperationCanceledException)
                {
                    stop = "stopped (Ctrl-C)";
                    break;
                }
                for (var i = 0; i < count; i++)
                {
                    var path = frontier[start + i];
                    foreach (var t in expanded[i])
                    {
                        transitions++;
                        cost += t.Cost;
                        if (t.Violation is { } v)
                        {
                            findings[v.Kind] = findings.TryGetValue(v.Kind, out var known)
                                ? (known.Finding, known.Count + 1)
                                : (new ExploreFinding(v, [.. path, t.Op], 1), 1);
                            continue;
                        }
                        if (seen.Add(t.State))
                        {
                            next.Add([.. path, t.Op]);
                        }
                    }
                }
                if (seen.Count >= options.MaxStates)
                {
                    stop = $"stopped at {seen.Count:N0} states (--max-states)";
                }
                options.Progress?.Report(new ExploreProgress(depth + 1, world.Depth, seen.Count, transitions, frontier.Count, start + count, clock.Elapsed));
            }
            newStates.Add(next.Count);
            frontier = next;
        }
        var found = findings.OrderBy(kv => kv.Value.Finding.Path.Count).ThenBy(kv => kv.Key)
            .Select(kv => kv.Value.Finding with { Count = kv.Value.Count }).ToList();
        return new ExploreResult(root.Version, Engine.Eras.EraPolicy.For(root.Version).Name, depth, newStates, transitions, cost, found, stop is not null, stop);
    }
}
