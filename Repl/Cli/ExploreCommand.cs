using System.CommandLine;
using System.Globalization;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Exploring;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Cli;

/// <summary>
/// <c>mmdsl explore FILE</c>: every sequence of a world's operations up to a depth, under one kernel
/// or several, judged by the oracle; each broken rule printed as the shortest script that breaks it
/// (docs/explore.md). Exit code 1 when a rule broke, 0 otherwise, 2 on bad usage or a bad world.
/// </summary>
internal static class ExploreCommand
{
    public static Command Create(TextWriter output, TextWriter error, Option<string?> kernel)
    {
        var file = new Argument<string>("FILE") { Description = "the world: a setup script with '# explore:' lines" };
        var depth = new Option<int?>("--depth", "-d") { Description = "the longest sequence explored (default: the file's, or 4)", HelpName = "N" };
        var ops = new Option<string?>("--ops") { Description = "the alphabet, comma-separated (default: the file's, or every operation)", HelpName = "OPS" };
        var processes = new Option<string?>("--processes") { Description = "the process names that may live, comma-separated (default: the file's, or A,B)", HelpName = "NAMES" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "workers expanding states at once (default: the cores); the output does not depend on it", DefaultValueFactory = _ => Environment.ProcessorCount };
        var maxStates = new Option<long>("--max-states") { Description = "stop after this many distinct states", DefaultValueFactory = _ => 2_000_000, HelpName = "N" };
        var noRun = new Option<bool>("--no-run") { Description = "print each shortest script without running it" };
        var sample = new Option<int?>("--sample") { Description = "N random walks of the depth instead of the whole space", HelpName = "N" };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "the seed of --sample's walks (default: from the clock, printed)" };
        var explore = new Command("explore", "bounded exhaustive search over sequences of operations: every state judged by the invariant checker, private memory and pin coherence; each broken rule as the shortest script")
        {
            file, kernel, depth, ops, processes, jobs, maxStates, noRun, sample, seed,
        };
        explore.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                output.WriteLine($"mmdsl explore: {path}: no such file");
                return ExitCodes.Usage;
            }
            var (world, problem) = ExploreWorld.Parse(path, File.ReadAllText(path));
            if (world is null)
            {
                output.WriteLine(problem);
                return ExitCodes.Usage;
            }
            if (result.GetValue(depth) is { } d)
            {
                if (d is < 1 or > 64)
                {
                    output.WriteLine("mmdsl explore: --depth takes a number from 1 to 64");
                    return ExitCodes.Usage;
                }
                world = world with { Depth = d };
            }
            if (result.GetValue(ops) is { } o)
            {
                var words = o.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var (parsed, bad) = ExploreWorld.ParseOps(words);
                if (parsed is null)
                {
                    output.WriteLine($"mmdsl explore: --ops: unknown operation '{(words.Length == 0 ? "" : words[bad])}' (operations: {string.Join(", ", OpKinds.All.Select(k => k.Name))})");
                    return ExitCodes.Usage;
                }
                world = world with { Ops = parsed };
            }
            if (result.GetValue(processes) is { } p)
            {
                var names = p.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (ExploreWorld.ParseProcesses(names, out var list) is { } bad)
                {
                    output.WriteLine($"mmdsl explore: --processes: {bad.Message}");
                    return ExitCodes.Usage;
                }
                world = world with { Processes = list };
            }
            if (!Versions(result.GetValue(kernel) ?? world.Kernel, out var versions, out var why))
            {
                output.WriteLine($"mmdsl explore: {why}");
                return ExitCodes.Usage;
            }
            if (result.GetValue(sample) is < 1)
            {
                output.WriteLine("mmdsl explore: --sample takes a number of walks, 1 or more");
                return ExitCodes.Usage;
            }
            if (result.GetValue(seed) is not null && result.GetValue(sample) is null)
            {
                output.WriteLine("mmdsl explore: --seed goes with --sample");
                return ExitCodes.Usage;
            }
            var walkSeed = result.GetValue(seed) ?? (ulong)DateTime.UtcNow.Ticks % 1_000_000;
            var found = false;
            var first = true;
            foreach (var version in versions)
            {
                var (root, setupError) = ExploreRoot.Build(world, version, SnippetHosts.Factory);
                if (root is null)
                {
                    output.WriteLine(setupError);
                    return ExitCodes.Usage;
                }
                if (!first)
                {
                    output.WriteLine();
                }
                first = false;
                var progress = ProgressLine.For(error, root);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var explored = Explorer.Run(root, new ExploreOptions
                {
                    Jobs = Math.Max(1, result.GetValue(jobs)),
                    MaxStates = Math.Max(1, result.GetValue(maxStates)),
                    Cancellation = CancelKey.Token,
                    Progress = progress,
                    Sample = result.GetValue(sample),
                    Seed = walkSeed,
                });
                progress?.Done(explored);
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"explore: {explored.Version}: {explored.States:N0} states, {explored.Transitions:N0} transitions in {clock.Elapsed.TotalSeconds:F2} s ({explored.Transitions / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} transitions/s, {explored.States / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} states/s) on {Math.Max(1, result.GetValue(jobs))} workers"));
                ExploreReport.Write(output, root, explored, reproduce: !result.GetValue(noRun), SnippetHosts.Factory);
                found |= explored.Findings.Count > 0;
                if (CancelKey.Token.IsCancellationRequested)
                {
                    output.WriteLine("mmdsl explore: stopped (Ctrl-C); what was found so far is above");
                    return ExitCodes.Failed;
                }
            }
            return found ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return explore;
    }

    /// <summary>--kernel: one version, <c>all</c> (each era's representative), or a comma-separated list; null: the setup's own.</summary>
    private static bool Versions(string? text, out List<KernelVersion?> versions, out string? problem)
    {
        problem = null;
        versions = [];
        if (text is null)
        {
            versions.Add(null);
            return true;
        }
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            versions.AddRange(EraPolicy.All.Select(e => (KernelVersion?)e.Version));
            return true;
        }
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!KernelVersion.TryParse(item, out var v))
            {
                problem = $"'{item}' is not a kernel version (try 5.7, 6.18, latest, all or 5.7,6.18)";
                return false;
            }
            versions.Add(v);
        }
        return true;
    }

    /// <summary>The progress line on a terminal (standard error): depth, states, rate, how far through the level.</summary>
    private sealed class ProgressLine(TextWriter error) : IProgress<ExploreProgress>
    {
        private DateTime _last = DateTime.MinValue;

        public static ProgressLine? For(TextWriter error, ExploreRoot root) =>
            Console.IsErrorRedirected ? null : new ProgressLine(error);

        public void Report(ExploreProgress p)
        {
            var now = DateTime.UtcNow;
            if (now - _last < TimeSpan.FromMilliseconds(200))
            {
                return;
            }
            _last = now;
            var seconds = Math.Max(p.Elapsed.TotalSeconds, 0.001);
            var rate = p.Transitions / seconds;
            var done = p.Frontier == 0 ? 1.0 : (double)p.FrontierDone / p.Frontier;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"depth {p.Depth}/{p.MaxDepth} ({done:P0} of the level), {p.States:N0} states, {p.Transitions:N0} transitions, {rate:N0}/s, {p.Elapsed.TotalSeconds:F1} s");
            error.Write("\r" + line.PadRight(Console.IsErrorRedirected ? 0 : Math.Min(Console.WindowWidth - 1, 100)));
        }

        public void Done(ExploreResult result)
        {
            error.Write("\r" + new string(' ', Math.Min(Console.WindowWidth - 1, 100)) + "\r");
        }
    }
}
