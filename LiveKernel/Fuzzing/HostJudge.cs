using MmDsl.LiveKernel.Runs;
using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Scripts;
using MmDsl.Runtime.Running;

namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>
/// A scenario through <c>mmdsl diff</c>: the simulator under the running kernel's era against the
/// live kernel, row by row. DIFF is <see cref="DiffRunner.Diff"/> unless a test plants another.
/// </summary>
internal sealed class HostJudge(DiffOptions options, Func<string, DiffOptions, ScriptDiff>? diff = null) : IScenarioJudge
{
    private readonly Func<string, DiffOptions, ScriptDiff> _diff = diff ?? DiffRunner.Diff;

    /// <summary>
    /// Whether the host maps the shared zero page. Where it does not (mm_forbids_zeropage(), which
    /// do_anonymous_page() and do_huge_pmd_anonymous_page() both ask, so neither the 4K nor the huge
    /// zero page), a scenario in which the simulator maps one says nothing: the simulator always maps it.
    /// </summary>
    public bool ZeroPage { get; init; } = HostCapabilities.Current.ZeroPage.Available;

    public string Name => diff is null ? $"host Linux {HostKernel.Release}" : "a planted backend";

    public string OtherLabel => "host";

    public IScenarioJudge For(Verdict.Disagree finding) => this;

    public Verdict Judge(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mmdsl-fuzz-{Environment.ProcessId}.mm");
        File.WriteAllText(path, text);
        try
        {
            for (var wait = 1; ; wait++)
            {
                try
                {
                    return Verdict(text, _diff(path, options));
                }
                catch (TimeoutException) when (wait < LockWaits)
                {
                    // another host run (another developer's tests) held the machine for the lock's
                    // ten minutes: wait again rather than lose the run
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>How many times a scenario waits for the machine's host lock before the run gives up.</summary>
    public const int LockWaits = 6;

    private Verdict Verdict(string text, ScriptDiff diff)
    {
        if (diff.Skipped is { } why)
        {
            return new Verdict.Invalid($"skipped: {why}");
        }
        if (!ZeroPage && (diff.SimulatedOutput.Contains("-> zero page", StringComparison.Ordinal)
            || diff.SimulatedOutput.Contains("-> huge zero page", StringComparison.Ordinal)))
        {
            return new Verdict.Invalid("reads a page never written, and this kernel maps no zero page");
        }
        if (diff.Table is not { } table)
        {
            return new Verdict.Invalid(diff.SimulatedOutput.Trim());
        }
        if (table.Agrees)
        {
            return new Verdict.Agree();
        }
        var disagreeing = table.Rows.Where(r => r.Mark == DiffMark.Disagree).ToList();
        if (disagreeing is [{ Key: "error", Simulated: "error", Host: "error" }])
        {
            return new Verdict.Invalid("both runs stopped on an error");
        }
        var first = disagreeing[0];
        var detail = new List<string>();
        foreach (var row in disagreeing)
        {
            detail.Add($"{row.Key}: simulated {row.Simulated}, host {row.Host}");
        }
        if (first.Key == "error")
        {
            // what each side printed last says where it stopped
            detail.Add("simulated: " + LastLine(diff.SimulatedOutput));
            detail.Add("host: " + LastLine(diff.HostOutput));
        }
        var kind = RowKinds.Of(first.Key);
        var step = RowKinds.StepBefore(text, first.Key);
        return new Verdict.Disagree(step is null ? kind : $"{kind} after {step}", first.Key, first.Simulated, first.Host, detail)
        {
            Kinds = [.. disagreeing.Select(r => RowKinds.Of(r.Key)).Distinct()],
        };
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("host:", StringComparison.Ordinal)).LastOrDefault() ?? "";
}
