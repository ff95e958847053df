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

    /// <summary>Random walks instead of the exhaustive search: this many, each as long as the depth (<c>--sample</c>).</summary>
    public int? Sample { get; init; }

    /// <summary>The seed of the walks (<c>--seed</c>); walk <c>i</c> has its own, derived from it.</summary>
    public ulong Seed { get; init; }

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
        if (options.Sample is { } walks)
        {
            return Sample(root, options, walks);
        }
        var clock = Stopwatch.StartNew();
        var world = root.World;
        var jobs = Math.Max(1, options.Jobs);
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
                    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = options.Cancellation }, i =>
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
            if (stop is not null && next.Count == 0)
            {
                // Stopped before this level found anything: it was not explored.
                break;
            }
            newStates.Add(next.Count);
            frontier = next;
        }
        return Result(root, newStates.Count, newStates, transitions, cost, findings, stop);
    }

    private static ExploreResult Result(ExploreRoot root, int depth, List<long> newStates, long transitions, ExploreCost cost,
        Dictionary<ViolationKind, (ExploreFinding Finding, long Count)> findings, string? stop)
    {
        var found = findings.OrderBy(kv => kv.Value.Finding.Path.Count).ThenBy(kv => kv.Key)
            .Select(kv => kv.Value.Finding with { Count = kv.Value.Count }).ToList();
        return new ExploreResult(root.Version, Engine.Eras.EraPolicy.For(root.Version).Name, depth, newStates, transitions, cost, found, stop is not null, stop);
    }

    /// <summary>One random walk: the states it met by depth, what it cost, and the violation that ended it.</summary>
    private sealed record Walk(List<UInt128> States, List<Transition> Steps, ExploreOp[] Path, Violation? Violation);

    /// <summary>
    /// <c>--sample N</c>: N random walks of the world's depth from the setup, each choosing among the
    /// operations its state allows with a generator seeded from the run's seed and its number, and
    /// stopping at the first broken rule. Walks run in parallel and merge in order, so the result
    /// depends on the seed alone.
    /// </summary>
    private static ExploreResult Sample(ExploreRoot root, ExploreOptions options, int walks)
    {
        var clock = Stopwatch.StartNew();
        var depth = root.World.Depth;
        var pool = new System.Collections.Concurrent.ConcurrentBag<ExploreSession>();
        var first = new ExploreSession(root);
        var seen = new HashSet<UInt128> { first.StateHash() };
        pool.Add(first);
        var newStates = new List<long>(new long[depth]);
        var findings = new Dictionary<ViolationKind, (ExploreFinding Finding, long Count)>();
        long transitions = 0;
        var cost = default(ExploreCost);
        string? stop = null;
        for (var start = 0; start < walks && stop is null; start += Chunk)
        {
            var count = Math.Min(Chunk, walks - start);
            var done = new Walk[count];
            try
            {
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = options.Cancellation }, i =>
                {
                    if (!pool.TryTake(out var session))
                    {
                        session = new ExploreSession(root);
                    }
                    done[i] = WalkOnce(session, depth, FuzzRandomFor(options.Seed, start + i));
                    pool.Add(session);
                });
            }
            catch (OperationCanceledException)
            {
                stop = "stopped (Ctrl-C)";
                break;
            }
            foreach (var walk in done)
            {
                for (var d = 0; d < walk.Steps.Count; d++)
                {
                    transitions++;
                    cost += walk.Steps[d].Cost;
                    if (d < walk.States.Count && seen.Add(walk.States[d]))
                    {
                        newStates[d]++;
                    }
                }
                if (walk.Violation is { } v)
                {
                    findings[v.Kind] = !findings.TryGetValue(v.Kind, out var known) ? (new ExploreFinding(v, walk.Path, 1), 1)
                        : walk.Path.Length < known.Finding.Path.Count ? (new ExploreFinding(v, walk.Path, 1), known.Count + 1)
                        : (known.Finding, known.Count + 1);
                }
            }
            if (seen.Count >= options.MaxStates)
            {
                stop = $"stopped at {seen.Count:N0} states (--max-states)";
            }
            options.Progress?.Report(new ExploreProgress(depth, depth, seen.Count, transitions, walks, start + count, clock.Elapsed));
        }
        return Result(root, depth, newStates, transitions, cost, findings, stop) with { Walks = walks, Seed = options.Seed };
    }

    private static Running.FuzzRandom FuzzRandomFor(ulong seed, int walk) => new(Running.FuzzRandom.ScenarioSeed(seed, walk));

    private static Walk WalkOnce(ExploreSession session, int depth, Running.FuzzRandom random)
    {
        session.Replay([]);
        var states = new List<UInt128>(depth);
        var steps = new List<Transition>(depth);
        var path = new List<ExploreOp>(depth);
        for (var d = 0; d < depth; d++)
        {
            var ops = session.Enabled(d);
            if (ops.Count == 0)
            {
                break;
            }
            var op = random.Pick(ops);
            var t = session.Step(op);
            steps.Add(t);
            path.Add(op);
            if (t.Violation is { } v)
            {
                return new Walk(states, steps, [.. path], v);
            }
            states.Add(t.State);
        }
        return new Walk(states, steps, [.. path], null);
    }
}
