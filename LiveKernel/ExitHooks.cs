using System.Runtime.InteropServices;

namespace MmDsl.LiveKernel;

/// <summary>
/// Cleanups that must run however the process ends short of SIGKILL: at exit, on Ctrl-C (unless a
/// handler registered earlier cancels the termination), SIGTERM, SIGHUP and SIGQUIT.
/// </summary>
internal static class ExitHooks
{
    /// <summary>Kept here: a signal registration that is collected no longer handles its signal.</summary>
    private static readonly List<PosixSignalRegistration> Signals = [];

    public static void Register(Action cleanup)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cleanup();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!e.Cancel)
                cleanup();
        };
        if (!OperatingSystem.IsLinux())
            return;
        lock (Signals)
        {
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                Signals.Add(PosixSignalRegistration.Create(signal, _ => cleanup()));
        }
    }
}
