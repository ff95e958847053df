using System.Diagnostics;

namespace MmDsl.LiveKernel;

/// <summary>
/// The started process: it forked the first agent and reaps every agent of its tree (it is their
/// child subreaper). Shared by all agents of one tree; when the last of them is disposed, it is waited
/// for (it exits by itself once no agent is left) and killed if it does not.
/// </summary>
internal sealed class AgentSupervisor(Process process)
{
    private readonly Lock gate = new();
    private int users = 1;

    public int Pid => process.Id;

    public void AddUser()
    {
        lock (gate)
            users++;
    }

    public void Release()
    {
        lock (gate)
        {
            if (--users > 0)
                return;
        }
        try
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // already reaped
        }
        process.Dispose();
    }
}
