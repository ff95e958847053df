using MmDsl.Language.Syntax;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Running;

/// <summary>What a simulator run of a script observed: its rows, its outcomes, its errors, what it printed.</summary>
internal sealed record SimulatedRun(
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<Observation> Outcomes,
    int Errors,
    int InvariantFailures,
    string Output,
    Exception? Crash = null);

/// <summary>
/// A script in the simulator under one kernel version, its <c>kernel</c> lines ignored as in a diff,
/// with the invariant checker after every command when asked: for callers that compare runs
/// (<c>mmdsl fuzz</c>) rather than print them.
/// </summary>
internal static class Simulation
{
    public static SimulatedRun Run(Script script, KernelVersion version, RunOptions options)
    {
        var output = new StringWriter { NewLine = "\n" };
        var session = new Session(output, version) { NoCSharp = true, Cancellation = options.Cancellation };
        var host = ScriptRunner.NewHost(script, options);
        var simulator = new Interpreter(session) { Host = host, StopOnError = true, PinnedKernel = true };
        try
        {
            simulator.Run(script);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An engine exception is a finding in itself: the user would have seen a stack trace.
            return new SimulatedRun(session.Observations, session.Outcomes.Rows, session.Errors + 1, host.InvariantFailures, output.ToString(), e);
        }
        return new SimulatedRun(session.Observations, session.Outcomes.Rows, session.Errors, host.InvariantFailures, output.ToString());
    }
}
