using MmDsl.Language.Syntax;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>How to run a script on the host.</summary>
internal sealed record HostRunOptions
{
    public CancellationToken Cancellation { get; init; }

    /// <summary>Note <c>kernel</c> lines as ignored, as a simulator run pinned to the host's era does.</summary>
    public bool PinnedKernel { get; init; }

    public LiveSessionOptions Session { get; init; } = new();

    /// <summary>Called before each top-level command of the script runs (a report notes where its output begins).</summary>
    public Action<Command>? BeforeCommand { get; init; }

    /// <summary>Called once the script's commands are done, before the run's notes are printed.</summary>
    public Action? AfterCommands { get; init; }
}

/// <summary>What a host run observed, and what it could not do or control.</summary>
internal sealed record HostRunResult(
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<Observation> Outcomes,
    int Errors,
    int FailedExpectations,
    int SyntaxErrors,
    int Skipped,
    IReadOnlyList<string> Uncontrolled);

/// <summary>
/// One script on the live kernel: a <see cref="LiveSession"/> (khugepaged parked, knobs restored,
/// every agent ended, whatever happens) around the <see cref="Interpreter"/> on a <see cref="LiveKernelTarget"/>.
/// </summary>
internal static class HostScriptRunner
{
    /// <summary>Runs SCRIPT; throws <see cref="HostUnavailableException"/> when the host cannot run scripts at all.</summary>
    public static HostRunResult Run(Script script, TextWriter output, HostRunOptions options)
    {
        if (HostCapabilities.Current.Unmet(HostRequirement.Linux | HostRequirement.Agent) is { } unmet)
        {
            throw new HostUnavailableException(unmet);
        }
        using var session = new LiveSession(options.Session);
        var target = new LiveKernelTarget(session, output, options.Cancellation);
        target.Prepare(script);
        var interpreter = new Interpreter(target) { StopOnError = true, PinnedKernel = options.PinnedKernel };
        foreach (var command in script.Commands)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            options.BeforeCommand?.Invoke(command);
            if (!interpreter.Execute(command))
            {
                break;
            }
        }
        options.AfterCommands?.Invoke();
        var state = target.State;
        var uncontrolled = session.Uncontrolled();
        if (interpreter.Skipped > 0)
        {
            output.WriteLine($"host: {interpreter.Skipped} command(s) not on the host");
        }
        foreach (var note in uncontrolled)
        {
            output.WriteLine($"host: not controlled: {note}");
        }
        return new HostRunResult(state.Observations, state.Outcomes.Rows, state.Errors, state.FailedExpectations,
            interpreter.SyntaxErrors, interpreter.Skipped, uncontrolled);
    }
}
