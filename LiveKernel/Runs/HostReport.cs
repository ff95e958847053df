using MmDsl.LiveKernel.Scripts;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Running.Report;

namespace MmDsl.LiveKernel.Runs;

/// <summary>
/// <c>mmdsl report FILE --host</c> (or <c>--vm KERNEL</c>): the script diffed as <c>mmdsl diff</c>
/// does (<see cref="DiffRunner"/>), then the report page with the real kernel's answers beside the
/// simulated ones; the simulator follows the real kernel's exact version.
/// </summary>
internal static class HostReport
{
    /// <summary>Writes the page of the script at PATH to TARGET; <paramref name="header"/> names the real kernel (default: this machine's).</summary>
    public static int Write(string path, string target, RunOptions options, TextWriter output, string? header = null)
    {
        if (options.Kernel is not null)
        {
            output.WriteLine("mmdsl: --kernel does not apply to --host or --vm: the simulator follows the real kernel's version");
            return ExitCodes.Usage;
        }
        if (HostCapabilities.Current.Unmet(HostRequirement.Linux | HostRequirement.Agent) is { } unmet)
        {
            output.WriteLine($"mmdsl report: the host cannot run scripts: {unmet}");
            return ExitCodes.Usage;
        }
        ScriptDiff diff;
        try
        {
            diff = DiffRunner.Diff(path, new DiffOptions
            {
                Cancellation = options.Cancellation,
                Snippets = options.Snippets,
                NoCSharp = options.NoCSharp,
                SwapBytes = options.SwapBytes,
            });
        }
        catch (HostUnavailableException e)
        {
            output.WriteLine($"mmdsl report: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (TimeoutException e)
        {
            output.WriteLine($"mmdsl report: {e.Message}");
            return ExitCodes.Failed;
        }
        if (diff.ExitCode == ExitCodes.Usage)
        {
            output.Write(diff.SimulatedOutput);
            return ExitCodes.Usage;
        }
        return ReportWriter.WriteFile(path, target, options, output, Answers(diff, header ?? $"host Linux {HostKernel.Release}"));
    }

    /// <summary>A diff's answers as the report takes them: plain values, the kernel named by HEADER.</summary>
    internal static RealKernelAnswers Answers(ScriptDiff diff, string header)
    {
        var notes = new List<string>();
        if (diff is { KnownDisagreement: { } known, Table.Agrees: false })
        {
            notes.Add($"known disagreement (marked in the script): {known}");
        }
        if (diff.HostRuns > 1)
        {
            notes.Add($"ran {diff.HostRuns} times on the real kernel: other processes moved /proc/vmstat's counters in the earlier runs");
        }
        notes.AddRange(diff.HostNotes.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return new RealKernelAnswers(header, HostKernel.Version, diff.SimulatedSwapFile, diff.Table?.Rows ?? [], diff.HostStepOutputs, notes,
            diff.Skipped, diff.Skipped is null ? diff.ExitCode : ExitCodes.Ok);
    }
}
