using Microsoft.Win32.SafeHandles;

namespace MmDsl.LiveKernel;

/// <summary>
/// One agent process by pid, held through a pidfd so that a kill can never hit a process that
/// reused the pid. Agents are not necessarily our children, so System.Diagnostics.Process does not fit.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly SafeFileHandle? pidfd;

    public AgentProcess(int pid)
    {
        Pid = pid;
        pidfd = LibC.PidfdOpen(pid);
    }

    public int Pid { get; }

    public bool HasExited => pidfd is null ? !Directory.Exists($"/proc/{Pid}") || IsZombie() : LibC.WaitReadable(pidfd, TimeSpan.Zero);

    public void Kill()
    {
        if (pidfd is null)
        {
            if (!HasExited)
                LibC.kill(Pid, LibC.SigKill);
        }
        else if (!pidfd.IsClosed)
        {
            LibC.PidfdSendSignal(pidfd, LibC.SigKill);
        }
    }

    /// <summary>Waits until the process has exited; true if it has.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (pidfd is not null)
            return LibC.WaitReadable(pidfd, timeout);
        var deadline = DateTime.UtcNow + timeout;
        while (!HasExited)
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }

    private bool IsZombie()
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{Pid}/stat");
            int close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => pidfd?.Dispose();
}
