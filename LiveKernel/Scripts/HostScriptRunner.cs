using MmDsl.Language.Syntax;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>How to run a script on the host.</summary>
public sealed record HostRunOptions
{
    public CancellationToken Cancellation { get; init; }

    /// <summary>Note <c>kernel</c> lines as ignored, as a simulator run pinned to the host's era does.</summary>
    public bool PinnedKernel { get; init; }

    public LiveSessionOptions Session { get; init; } = new();
}

/// <summary>What a host run observed, and what it could not do or control.</summary>
public sealed record HostRunResult(
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<Observation> Outcomes,
    int Errors,
    int FailedExpectations,
    int SyntaxErrors,
    int Skipped,
    IReadOnlyList<string> Uncontrolled);

/// <summary>
/// One script on the live kernel: a <see cref="LiveSession"/> (khugepaged parked, knobs restored,
/// every agent ended, whatever happens) around a <see cref="HostInterpreter"/>.
/// </summary>
public static class HostScriptRunner
{
    /// <summary>Runs SCRIPT; throws <see cref="HostUnavailableException"/> when the host cannot run scripts at all.</summary>
    public static HostRunResult Run(Script script, TextWriter output, HostRunOptions options)
    {
        if (HostCapabilities.Current.Unmet(HostRequirement.Linux | HostRequirement.Agent) is { } unmet)
        {
            throw new HostUnavailableException(unmet);
        }
        using var session = new LiveSession(options.Session);
        var interpreter = new HostInterpreter(session, output)
        {
            StopOnError = true,
            PinnedKernel = options.PinnedKernel,
            Cancellation = options.Cancellation,
        };
        interpreter.Run(script);
        var uncontrolled = session.Uncontrolled();
        if (interpreter.Skipped > 0)
        {
            output.WriteLine($"host: {interpreter.Skipped} command(s) not on the host");
        }
        foreach (var note in uncontrolled)
        {
            output.WriteLine($"host: not controlled: {note}");
        }
        return new HostRunResult(interpreter.Observations, interpreter.Outcomes.Rows, interpreter.Errors, interpreter.FailedExpectations,
            interpreter.SyntaxErrors, interpreter.Skipped, uncontrolled);
    }
}
