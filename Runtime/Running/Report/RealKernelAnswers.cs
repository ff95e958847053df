using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Running.Report;

/// <summary>
/// A real kernel's run of the script, for a report that shows it beside the simulator's
/// (<c>mmdsl report --host</c> or <c>--vm</c>): plain values, filled by the live backend's glue
/// from a diff of the script, so that the report itself needs no live kernel.
/// </summary>
/// <param name="Header">The real kernel, as the page names it: <c>host Linux 6.18.44-...</c>, or a virtual machine's description.</param>
/// <param name="Version">The exact version the simulator follows for that kernel (null: the latest).</param>
/// <param name="SwapFile">The real kernel swaps to files only: so does the simulated machine.</param>
/// <param name="Rows">The diff's rows: every print, expect and query, simulated against real.</param>
/// <param name="Steps">What the real kernel printed for each top-level command, in the script's order, as far as its run got.</param>
/// <param name="Notes">Lines about the real run as a whole: commands not on it, what it did not control, how often it ran.</param>
/// <param name="Skipped">Why the real kernel did not run the script at all (then there are no rows and no steps).</param>
/// <param name="ExitCode">The diff's exit code: 1 when simulated and real disagree.</param>
internal sealed record RealKernelAnswers(
    string Header,
    KernelVersion? Version,
    bool SwapFile,
    IReadOnlyList<DiffRow> Rows,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Notes,
    string? Skipped = null,
    int ExitCode = ExitCodes.Ok);
