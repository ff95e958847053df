using System.CommandLine;
using System.Globalization;
using MmDsl.LiveKernel.Runs;
using MmDsl.Engine.Eras;
using MmDsl.LiveKernel.Fuzzing;
using MmDsl.LiveKernel;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Cli;

/// <summary>
/// <c>mmdsl fuzz</c>: random scenarios against the live kernel (as <c>mmdsl diff</c> runs them), or
/// the simulator alone in every era against its invariants and the private-memory oracle.
/// Exit code 1 when it finds something, 0 otherwise, 2 on bad usage.
/// </summary>
internal static class FuzzCommand
{
    public static Command Create(TextWriter output, Option<string?> kernel)
    {
        var count = new Option<int>("--count", "-n") { Description = "how many scenarios", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong?>("--seed", "-s") { Description = "the run's seed (default: from the clock, printed)" };
        var time = new Option<string?>("--time", "-t") { Description = "stop starting scenarios after this long (90s, 10m, 1h)", HelpName = "TIME" };
        var host = new Option<bool>("--host") { Description = "diff every scenario against the live kernel (the default where it can run scripts)" };
        var sim = new Option<bool>("--sim") { Description = "the simulator alone: every era (or --kernel), its invariants and the private-memory oracle" };
        var outDir = new Option<string>("--out", "-o") { Description = "where findings are written", DefaultValueFactory = _ => "fuzz-findings", HelpName = "DIR" };
        var print = new Option<bool>("--print") { Description = "print the scenarios instead of running them" };
        var fuzz = new Command("fuzz", "random scenarios: against the live kernel, or the simulator's own checks; shrinks what it finds")
        {
            count, seed, time, host, sim, kernel, outDir, print,
        };
        fuzz.SetAction(result =>
        {
            var hostUnmet = HostCapabilities.Current.Unmet(HostRequirement.Linux | HostRequirement.Agent);
            var useHost = result.GetValue(host) || (!result.GetValue(sim) && hostUnmet is null);
            if (result.GetValue(host) && result.GetValue(sim))
            {
                output.WriteLine("mmdsl fuzz: --host and --sim exclude each other");
                return ExitCodes.Usage;
            }
            if (useHost && hostUnmet is not null)
            {
                output.WriteLine($"mmdsl fuzz: --host: the host cannot run scripts: {hostUnmet}");
                return ExitCodes.Usage;
            }
            if (useHost && result.GetValue(kernel) is not null)
            {
                output.WriteLine("mmdsl fuzz: --kernel applies to --sim only: the host runs its own kernel");
                return ExitCodes.Usage;
            }
            TimeSpan? limit = null;
            if (result.GetValue(time) is { } t)
            {
                if (ParseTime(t) is not { } parsed)
                {
                    output.WriteLine($"mmdsl fuzz: '{t}' is not a time (try 90s, 10m or 1h)");
                    return ExitCodes.Usage;
                }
                limit = parsed;
            }
            var eras = EraPolicy.All;
            if (!useHost && result.GetValue(kernel) is { } k && !string.Equals(k, "all", StringComparison.OrdinalIgnoreCase))
            {
                if (!KernelVersion.TryParse(k, out var version))
                {
                    output.WriteLine($"mmdsl fuzz: '{k}' is not a kernel version (try 5.16, 6.1, latest or all)");
                    return ExitCodes.Usage;
                }
                eras = [EraPolicy.For(version)];
            }
            IScenarioJudge judge = useHost
                ? new HostJudge(new DiffOptions { Cancellation = CancelKey.Token, NoCSharp = true })
                : new SimulatorJudge(eras, CancelKey.Token);
            var runSeed = result.GetValue(seed) ?? (ulong)DateTime.UtcNow.Ticks % 1_000_000;
            var options = new FuzzOptions
            {
                Count = result.GetValue(count),
                Seed = runSeed,
                Time = limit,
                OutDirectory = result.GetValue(outDir),
                Generator = new GeneratorOptions
                {
                    // Without swap MADV_PAGEOUT leaves pages in place on the host, and the diff stops comparing.
                    PageOut = !useHost || HostCapabilities.Current.Swap.Available,
                    Gup = !useHost,
                    ZeroPage = !useHost || HostCapabilities.Current.ZeroPage.Available,
                },
                Progress = output,
                ProgressOnTerminal = !Console.IsOutputRedirected,
                Cancellation = CancelKey.Token,
            };
            if (result.GetValue(print))
            {
                var generator = new ScenarioGenerator(options.Generator);
                for (var i = 0; i < options.Count; i++)
                {
                    output.Write(generator.Generate(FuzzRandom.ScenarioSeed(runSeed, i)).Text);
                    output.WriteLine();
                }
                return ExitCodes.Ok;
            }
            output.WriteLine($"mmdsl fuzz --seed {runSeed} --count {options.Count}: {judge.Name}");
            var runner = new FuzzRunner(judge, options);
            var summary = runner.Run();
            if (runner.Interrupted)
            {
                output.WriteLine("mmdsl fuzz: interrupted; every agent ended and every setting restored");
            }
            if (runner.Stopped is { } why)
            {
                output.WriteLine($"mmdsl fuzz: stopped early: {why}");
            }
            foreach (var line in FuzzRunner.Lines(summary, judge.Name, judge.OtherLabel))
            {
                output.WriteLine(line);
            }
            return runner.Stopped is not null && summary.Disagreements == 0 ? ExitCodes.Failed : summary.ExitCode;
        });
        return fuzz;
    }

    /// <summary>90s, 10m, 1h, or a number of seconds.</summary>
    public static TimeSpan? ParseTime(string text)
    {
        var s = text.Trim();
        var unit = s.Length > 0 && char.IsLetter(s[^1]) ? s[^1] : 's';
        var number = char.IsLetter(unit) && s.Length > 0 && char.IsLetter(s[^1]) ? s[..^1] : s;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }
        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => null,
        };
    }
}
