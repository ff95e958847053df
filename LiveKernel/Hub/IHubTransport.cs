using System.Diagnostics;

namespace MmDsl.LiveKernel;

/// <summary>
/// The byte streams to one hub (<c>mmdsl-agent --hub</c>): requests go to <see cref="ToHub"/>,
/// answers come from <see cref="FromHub"/>. Disposing ends the hub's input, which ends the hub and
/// every agent it runs.
/// </summary>
internal interface IHubTransport : IDisposable
{
    Stream ToHub { get; }

    Stream FromHub { get; }

    /// <summary>Where the hub runs, for messages ("local hub pid 123", "serial line of a VM").</summary>
    string Description { get; }

    /// <summary>The hub's pid on this machine, or null where it runs elsewhere (a virtual machine).</summary>
    int? LocalProcessId { get; }
}

/// <summary>A hub started as a child process of this one: <c>mmdsl-agent --hub</c> on pipes.</summary>
internal sealed class LocalHubTransport : IHubTransport
{
    private readonly Process process;
    private int disposed;

    public LocalHubTransport(string agentPath)
    {
        var start = new ProcessStartInfo(agentPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("--hub");
        process = Process.Start(start) ?? throw new HostAgentException($"cannot start {agentPath} --hub");
        ToHub = process.StandardInput.BaseStream;
        FromHub = process.StandardOutput.BaseStream;
        Description = $"local hub {agentPath} (pid {process.Id})";
    }

    public Stream ToHub { get; }

    public Stream FromHub { get; }

    public string Description { get; }

    public int? LocalProcessId => process.Id;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        try
        {
            ToHub.Dispose(); // end of input: the hub kills its agents and exits
        }
        catch (IOException)
        {
            // the hub is gone already
        }
        try
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
                process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // already reaped
        }
        FromHub.Dispose();
        process.Dispose();
    }
}

/// <summary>
/// A hub behind any pair of streams: the serial line of a virtual machine, a socket. Disposing
/// disposes both streams and then <paramref name="owner"/> (the machine, when the caller hands it over).
/// </summary>
internal sealed class StreamHubTransport(Stream toHub, Stream fromHub, string description, IDisposable? owner = null) : IHubTransport
{
    private int disposed;

    public Stream ToHub { get; } = toHub;

    public Stream FromHub { get; } = fromHub;

    public string Description { get; } = description;

    public int? LocalProcessId => null;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        try
        {
            ToHub.Dispose();
        }
        catch (IOException)
        {
            // the other side is gone
        }
        FromHub.Dispose();
        owner?.Dispose();
    }
}
