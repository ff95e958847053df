using System.Runtime.InteropServices;

namespace MmDsl.LiveKernel;

/// <summary>
/// Every agent not yet disposed in this process. At process exit, Ctrl-C, SIGTERM and SIGHUP they are
/// all ended here, so that their supervisors are reaped by this process and not left to init. (Agents
/// end by themselves anyway when this process dies: their stdin closes.) A Ctrl-C handler that cancels
/// the termination (e.Cancel = true) and was registered before the first agent keeps them alive.
/// </summary>
internal static class LiveAgents
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<HostAgent> Agents = [];
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static bool hooked;

    public static void Add(HostAgent agent)
    {
        lock (Gate)
        {
            Agents.Add(agent);
            if (!hooked)
                Hook();
        }
    }

    public static void Remove(HostAgent agent)
    {
        lock (Gate)
            Agents.Remove(agent);
    }

    public static void DisposeAll()
    {
        HostAgent[] all;
        lock (Gate)
            all = [.. Agents];
        foreach (var agent in all)
            agent.Dispose();
    }

    private static void Hook()
    {
        hooked = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!e.Cancel)
                DisposeAll();
        };
        if (OperatingSystem.IsLinux())
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                Signals.Add(PosixSignalRegistration.Create(signal, _ => DisposeAll()));
    }
}
