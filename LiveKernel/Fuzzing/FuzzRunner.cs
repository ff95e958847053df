using System.Diagnostics;
using MmDsl.Runtime.Running;

namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>How to fuzz.</summary>
internal sealed record FuzzOptions
{
    public int Count { get; init; } = 100;

    public ulong Seed { get; init; } = 1;

    /// <summary>Stop starting scenarios after this long (shrinking a finding already begun ends first).</summary>
    public TimeSpan? Time { get; init; }

    /// <summary>Where findings are written; null writes none.</summary>
    public string? OutDirectory { get; init; }

    public GeneratorOptions Generator { get; init; } = new();

    /// <summary>How many times a disagreement runs in all: it is a finding only when every run shows it.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>How many findings of one cause are shrunk and written (the rest are counted, with their seeds).</summary>
    public int ShrinkPerCause { get; init; } = 1;

    /// <summary>Candidate scripts one shrink may try.</summary>
    public int ShrinkTests { get; init; } = 400;

    /// <summary>Where progress goes, or null: a line rewritten in place on a terminal, else a line every 100 scenarios.</summary>
    public TextWriter? Progress { get; init; }

    public bool ProgressOnTerminal { get; init; }

    public CancellationToken Cancellation { get; init; }
}

/// <summary>One cause of findings: how many scenarios showed it, their seeds, and the shrunk script written.</summary>
internal sealed record FuzzCause(string Kind, int Count, IReadOnlyList<ulong> Seeds, string? File, Verdict.Disagree Example, ShrinkResult? Shrunk);

/// <summary>What a fuzz run found.</summary>
internal sealed record FuzzSummary(int Scenarios, int Agreements, int Disagreements, int Noise, int Invalid, TimeSpan Time, IReadOnlyList<FuzzCause> Causes)
{
    public int ExitCode => Disagreements > 0 ? ExitCodes.Failed : ExitCodes.Ok;
}

/// <summary>
/// <c>mmdsl fuzz</c>: generated scenarios through a judge (the host diff, or the simulator's own
/// checks), each disagreement re-run to rule out noise, the first of each cause shrunk and written
/// as a ready <c>.mm</c> file with both answers in a comment.
/// </summary>
internal sealed class FuzzRunner(IScenarioJudge judge, FuzzOptions options)
{
    private readonly Dictionary<string, (int Count, List<ulong> Seeds, string? File, Verdict.Disagree Example, ShrinkResult? Shrunk)> _causes = [];

    /// <summary>The run was interrupted (Ctrl-C) before its count or time was reached.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>Why the backend could not go on, when it could not.</summary>
    public string? Stopped { get; private set; }

    public FuzzSummary Run()
    {
        var clock = Stopwatch.StartNew();
        var generator = new ScenarioGenerator(options.Generator);
        int scenarios = 0, agree = 0, disagree = 0, noise = 0, invalid = 0;
        for (var i = 0; i < options.Count; i++)
        {
            if (options.Cancellation.IsCancellationRequested || (options.Time is { } limit && clock.Elapsed > limit))
            {
                break;
            }
            var scenario = generator.Generate(FuzzRandom.ScenarioSeed(options.Seed, i));
            try
            {
                switch (judge.Judge(scenario.Text))
                {
                    case Verdict.Agree:
                        agree++;
                        break;
                    case Verdict.Invalid:
                        invalid++;
                        break;
                    case Verdict.Disagree finding when Confirmed(scenario.Text, finding):
                        disagree++;
                        Record(scenario, finding);
                        break;
                    default:
                        noise++;
                        break;
                }
            }
            catch (OperationCanceledException)
            {
                // interrupted: the summary of the scenarios judged so far
                Interrupted = true;
                break;
            }
            catch (Exception e) when (e is TimeoutException or IOException or HostUnavailableException)
            {
                // the backend went away (the host lock never came free): the summary so far, and why
                Stopped = e.Message;
                break;
            }
            scenarios++;
            if (options.Progress is { } progress && (options.ProgressOnTerminal || scenarios % 100 == 0))
            {
                var line = $"fuzz: {scenarios}/{options.Count} scenarios, {agree} agree, {disagree} disagree, {noise} noise, {invalid} invalid, {clock.Elapsed.TotalSeconds:F0} s";
                if (options.ProgressOnTerminal)
                {
                    progress.Write($"\r{line} ");
                }
                else
                {
                    progress.WriteLine(line);
                }
                progress.Flush();
            }
        }
        if (options.ProgressOnTerminal)
        {
            options.Progress?.WriteLine();
        }
        var causes = _causes.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FuzzCause(c.Key, c.Value.Count, c.Value.Seeds, c.Value.File, c.Value.Example, c.Value.Shrunk)).ToList();
        return new FuzzSummary(scenarios, agree, disagree, noise, invalid, clock.Elapsed, causes);
    }

    /// <summary>Every one of <see cref="FuzzOptions.Runs"/> runs shows the same kind of disagreement.</summary>
    private bool Confirmed(string text, Verdict.Disagree first)
    {
        for (var run = 1; run < options.Runs; run++)
        {
            if (judge.Judge(text) is not Verdict.Disagree again || again.BaseKind != first.BaseKind)
            {
                return false;
            }
        }
        return true;
    }

    private void Record(Scenario scenario, Verdict.Disagree finding)
    {
        if (_causes.TryGetValue(finding.Kind, out var known))
        {
            known.Seeds.Add(scenario.Seed);
            _causes[finding.Kind] = known with { Count = known.Count + 1 };
            return;
        }
        var narrowed = judge.For(finding);
        var shrinker = new Shrinker(text => Same(narrowed.Judge(text), finding), options.ShrinkTests);
        var shrunk = options.ShrinkPerCause > 0 ? shrinker.Shrink(scenario.Text) : null;
        var final = shrunk is null ? finding : narrowed.Judge(shrunk.Text) as Verdict.Disagree ?? finding;
        string? file = null;
        if (options.OutDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            file = Path.Combine(dir, $"fuzz-{scenario.Seed:x16}.mm");
            File.WriteAllText(file, FindingText(scenario, finding, final, shrunk));
        }
        _causes[finding.Kind] = (1, [scenario.Seed], file, final, shrunk);
    }

    /// <summary>
    /// The shrinker's test: the candidate still disagrees about the same kind of row, and shows no
    /// error the original did not (a script broken by a removed line stops with one).
    /// </summary>
    public static bool Same(Verdict verdict, Verdict.Disagree original) =>
        verdict is Verdict.Disagree d && d.BaseKind == original.BaseKind
        && (original.Kinds.Contains("error") || !d.Kinds.Contains("error"));

    private string FindingText(Scenario scenario, Verdict.Disagree original, Verdict.Disagree final, ShrinkResult? shrunk)
    {
        var text = new StringWriter { NewLine = "\n" };
        text.WriteLine($"# mmdsl fuzz finding: {original.Kind}");
        text.WriteLine($"# {judge.Name}; scenario seed {scenario.Seed} (mmdsl fuzz --seed {options.Seed}), "
            + (shrunk is null ? "not shrunk" : $"shrunk from {shrunk.LinesBefore} to {shrunk.LinesAfter} lines in {shrunk.Tests} tests"));
        text.WriteLine($"# {final.Row}");
        text.WriteLine($"#   simulated: {final.Simulated}");
        text.WriteLine($"#   {judge.OtherLabel}: {final.Other}");
        foreach (var line in final.Detail)
        {
            text.WriteLine($"# {line}");
        }
        text.Write(shrunk?.Text ?? scenario.Text);
        if (shrunk is not null)
        {
            text.WriteLine();
            text.WriteLine("# the scenario as generated:");
            foreach (var line in scenario.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                text.WriteLine(line.StartsWith('#') ? line : "#   " + line);
            }
        }
        return text.ToString();
    }

    /// <summary>The summary: counts, time, then a line per cause with its file.</summary>
    public static IEnumerable<string> Lines(FuzzSummary summary, string judgeName, string otherLabel)
    {
        yield return $"{summary.Scenarios} scenarios against {judgeName} in {summary.Time.TotalSeconds:F0} s: "
            + $"{summary.Agreements} agree, {summary.Disagreements} disagree, {summary.Noise} noise (not reproduced), {summary.Invalid} invalid";
        foreach (var cause in summary.Causes)
        {
            var shrunk = cause.Shrunk is { } s ? $", shrunk to {s.LinesAfter} lines" : string.Empty;
            yield return $"  {cause.Count,4} x {cause.Kind}: {cause.Example.Row}: simulated {cause.Example.Simulated}, {otherLabel} {cause.Example.Other}{shrunk}"
                + (cause.File is { } f ? $" -> {f}" : string.Empty);
        }
    }
}
