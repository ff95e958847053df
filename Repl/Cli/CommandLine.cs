using System.CommandLine;
using MmDsl.LiveKernel.Runs;
using MmDsl.Language.Text;
using MmDsl.Repl.Testing;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Cli;

/// <summary>
/// The <c>mmdsl</c> command line: the REPL with no arguments, <c>run</c>, <c>test</c>, <c>bench</c>
/// and <c>-e</c>. Exit codes: 0 all good, 1 a failed expect, golden mismatch or runtime error,
/// 2 bad usage or a syntax error.
/// </summary>
internal static class CommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0)
        {
            // The REPL: straight to the prompt, without building the command-line parser.
            return ReplMain.Run(new RunOptions
            {
                NoCSharp = Environment.GetEnvironmentVariable("MMDSL_NO_CSHARP") == "1",
                Cancellation = CancelKey.Token,
                Jobs = Environment.ProcessorCount,
            }, output);
        }
        var kernel = new Option<string?>("--kernel", "-k") { Description = "kernel version whose rules to follow (5.16, 6.1, latest); all for every era side by side, or a list (5.4,5.16,6.1)" };
        // Shell completion (dotnet-suggest, the [suggest] directive): each era's version, latest and all.
        kernel.CompletionSources.Add(["latest", "all", .. Engine.Eras.EraPolicy.All.Select(e => e.Version.ToString())]);
        var onlyDifferences = new Option<bool>("--only-differences") { Description = "with several kernels: show only the rows where they differ or an outcome is not as stated" };
        var trace = new Option<bool>("--trace") { Description = "print every kernel decision" };
        var full = new Option<bool>("--full") { Description = "print every line of commands that touch many pages (fork copies, swap-ins, swap slots), not runs folded into one" };
        var noCSharp = new Option<bool>("--no-csharp") { Description = "refuse every C# snippet (snippets are trusted code: they run with your rights and can read files, start programs or end mmdsl; see docs/csharp-api.md)" };
        var eval = new Option<string?>("--eval", "-e") { Description = "run the commands given here" };
        var interactive = new Option<string?>("--interactive", "-i") { Description = "run FILE, then stay in the REPL with its processes and names", HelpName = "FILE" };
        var files = new Argument<string[]>("FILE") { Description = "scripts to run", Arity = ArgumentArity.OneOrMore };
        var paths = new Argument<string[]>("PATH") { Description = "scripts or directories (default: scripts)", Arity = ArgumentArity.ZeroOrMore };
        var accept = new Option<bool>("--accept") { Description = "rewrite the .out files with what the scripts print now" };
        var quick = new Option<bool>("--quick") { Description = "smaller workloads, for a fast check" };
        var host = new Option<bool>("--host") { Description = "run on the live kernel with real processes instead of the simulator" };
        var eraJobs = new Option<int>("--jobs", "-j") { Description = "eras run at once with several kernels (--kernel all, a list, compare); default: the machine's cores; 1 runs them one after another, as does a script with C#; the output is the same", DefaultValueFactory = _ => Environment.ProcessorCount };
        var swap = SizeOption.Create("--swap", "on a machine without swap, a swap file of SIZE for each host run that needs one (root)");

        var root = new RootCommand("MmDsl: simulate Linux anonymous memory, copy-on-write and all, kernel era by era");
        root.Options.Add(eval);
        root.Options.Add(interactive);
        root.Options.Add(kernel);
        root.Options.Add(trace);
        root.Options.Add(full);
        root.Options.Add(noCSharp);
        root.Options.Add(eraJobs);
        root.SetAction(result =>
        {
            var options = Options(result, kernel, trace, noCSharp) with { Jobs = result.GetValue(eraJobs) };
            if (result.GetValue(eval) is { } commands)
            {
                return ScriptRunner.Run(new SourceText("-e", commands) { BaseDirectory = Directory.GetCurrentDirectory() }, options, output);
            }
            return ReplMain.Run(options, output, result.GetValue(interactive));
        });

        var vm = new VmOptions();
        var run = new Command("run", "run scripts") { files, kernel, onlyDifferences, eraJobs, trace, full, noCSharp, host, swap };
        vm.AddTo(run);
        run.SetAction(result =>
        {
            var inVm = vm.Given(result);
            var options = Options(result, kernel, trace, noCSharp) with
            {
                Host = result.GetValue(host) || inVm,
                SwapBytes = inVm ? null : result.GetValue(swap),
                LiveKernel = HostRun.Run,
                OnlyDifferences = result.GetValue(onlyDifferences),
                Jobs = result.GetValue(eraJobs),
            };
            if (result.GetValue(swap) is not null && !options.Host)
            {
                output.WriteLine("mmdsl: --swap applies to --host and --vm runs only");
                return ExitCodes.Usage;
            }
            if (UnknownOptions.Check(run, result.GetValue(files) ?? [], error) is { } usage)
            {
                return usage;
            }
            int RunAll()
            {
                var worst = ExitCodes.Ok;
                foreach (var file in result.GetValue(files) ?? [])
                {
                    worst = Math.Max(worst, ScriptRunner.RunFile(file, options, output));
                }
                return worst;
            }
            return inVm ? vm.Run(result, result.GetValue(swap), output, RunAll) : RunAll();
        });
        root.Subcommands.Add(run);

        var format = new Option<TestFormat>("--format") { Description = "how to report: text, tap (TAP 13) or junit (JUnit XML)", DefaultValueFactory = _ => TestFormat.Text };
        format.CompletionSources.Clear();
        format.CompletionSources.Add("text", "tap", "junit");
        var filter = new Option<string?>("--filter") { Description = "only the scripts whose path contains TEXT", HelpName = "TEXT" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "scripts run at once (default: the machine's cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var test = new Command("test", "run regression scripts against their golden .out files") { paths, accept, format, filter, jobs };
        test.SetAction(result => GoldenRunner.RunAll(new TestOptions
        {
            Paths = result.GetValue(paths) is { Length: > 0 } p ? p : ["scripts"],
            Accept = result.GetValue(accept),
            Format = result.GetValue(format),
            Filter = result.GetValue(filter),
            Jobs = result.GetValue(jobs),
            Color = ReferenceEquals(output, Console.Out) && Terminal.ColorSupport.ForStandardOutput(),
        }, output));
        root.Subcommands.Add(test);

        var showRuns = new Option<bool>("--show-runs") { Description = "print what both runs printed before each table" };
        var diff = new Command("diff", "run scripts in the simulator (the target kernel's era and version) and on the live kernel or a kernel in a virtual machine (--vm), and compare") { files, showRuns, noCSharp, swap };
        vm.AddTo(diff);
        diff.SetAction(result =>
        {
            if (UnknownOptions.Check(diff, result.GetValue(files) ?? [], error) is { } usage)
            {
                return usage;
            }
            var inVm = vm.Given(result);
            int Diff() => DiffRunner.Run(result.GetValue(files) ?? [], new DiffOptions
            {
                Cancellation = CancelKey.Token,
                Snippets = SnippetHosts.Factory,
                NoCSharp = result.GetValue(noCSharp) || Environment.GetEnvironmentVariable("MMDSL_NO_CSHARP") == "1",
                ShowRuns = result.GetValue(showRuns),
                SwapBytes = inVm ? null : result.GetValue(swap),
            }, output);
            return inVm ? vm.Run(result, result.GetValue(swap), output, Diff) : Diff();
        });
        root.Subcommands.Add(diff);

        root.Subcommands.Add(FuzzCommand.Create(output, kernel));
        root.Subcommands.Add(ExploreCommand.Create(output, error, kernel));

        var reportFile = new Argument<string>("FILE") { Description = "the script" };
        var reportOut = new Option<string?>("--output", "-o") { Description = "where to write the page (default: the script's name with .html, in the current directory)", HelpName = "FILE" };
        var reportHost = new Option<bool>("--host") { Description = "run the script on the live kernel too and show its answers beside the simulated ones (the simulator follows its exact version), as mmdsl diff compares them" };
        var report = new Command("report", "run a script step by step and write one self-contained HTML page: each command, its output, the state graph after it, and timelines of the folios; with --host or --vm, the real kernel's answers beside the simulated ones") { reportFile, reportOut, kernel, noCSharp, reportHost, swap };
        vm.AddTo(report);
        report.SetAction(result =>
        {
            var file = result.GetValue(reportFile)!;
            var target = result.GetValue(reportOut) ?? Path.ChangeExtension(Path.GetFileName(file), ".html");
            var inVm = vm.Given(result);
            var onHost = result.GetValue(reportHost);
            var options = new RunOptions
            {
                Kernel = result.GetValue(kernel),
                NoCSharp = result.GetValue(noCSharp) || Environment.GetEnvironmentVariable("MMDSL_NO_CSHARP") == "1",
                Cancellation = CancelKey.Token,
                Snippets = SnippetHosts.Factory,
                SwapBytes = inVm ? null : result.GetValue(swap),
            };
            if (inVm && onHost)
            {
                output.WriteLine("mmdsl: give --host or --vm, not both");
                return ExitCodes.Usage;
            }
            if (result.GetValue(swap) is not null && !inVm && !onHost)
            {
                output.WriteLine("mmdsl: --swap applies to --host and --vm reports only");
                return ExitCodes.Usage;
            }
            if ((inVm || onHost) && options.Kernel is not null)
            {
                output.WriteLine("mmdsl: --kernel does not apply to --host or --vm: the simulator follows the real kernel's version");
                return ExitCodes.Usage;
            }
            if (inVm)
            {
                return vm.Run(result, result.GetValue(swap), output, description => HostReport.Write(file, target, options, output, $"vm: {description}"));
            }
            return onHost
                ? HostReport.Write(file, target, options, output)
                : Runtime.Running.Report.ReportWriter.WriteFile(file, target, options, output);
        });
        root.Subcommands.Add(report);

        var eras = new Command("eras", "list the kernel eras, their versions and commits, and every fact that changes between kernels");
        eras.SetAction(_ =>
        {
            foreach (var line in Runtime.Output.Show.ErasTable.Lines(current: null))
            {
                output.WriteLine(line);
            }
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(eras);

        var bench = new Command("bench", "measure the engine against the budgets of BENCHMARKS.md") { quick };
        bench.SetAction(result => Bench.Run(result.GetValue(quick), output));
        root.Subcommands.Add(bench);

        root.Subcommands.Add(HelpCommand.Create(root, output, error));

        // Regenerates editors/ from the command table (docs/language.md, "Editors"); hidden from --help.
        var grammarDir = new Argument<string?>("DIR") { Description = "where to write the editor files (default: editors)", Arity = ArgumentArity.ZeroOrOne };
        var grammar = new Command("grammar", "write the TextMate grammar and VS Code extension of .mm files") { grammarDir };
        grammar.Hidden = true;
        grammar.SetAction(result =>
        {
            var dir = result.GetValue(grammarDir) ?? "editors";
            Assist.TextMateGrammar.Write(dir);
            output.WriteLine($"wrote {string.Join(", ", Assist.TextMateGrammar.Files().Select(f => Path.Combine(dir, f.Name)))}");
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(grammar);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                error.WriteLine($"mmdsl: {e.Message}");
            }
            error.WriteLine("try 'mmdsl --help'");
            return ExitCodes.Usage;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static RunOptions Options(ParseResult result, Option<string?> kernel, Option<bool> trace, Option<bool> noCSharp) => new()
    {
        Kernel = result.GetValue(kernel),
        Trace = result.GetValue(trace),
        Full = result.GetValue<bool>("--full"),
        NoCSharp = result.GetValue(noCSharp) || Environment.GetEnvironmentVariable("MMDSL_NO_CSHARP") == "1",
        Cancellation = CancelKey.Token,
        Snippets = SnippetHosts.Factory,
    };
}
