using System.Text;

namespace MmDsl.LiveKernel;

/// <summary>The two pipes to one agent: one command line out, one answer line back.</summary>
internal sealed class AgentChannel : IDisposable
{
    private static readonly Encoding Ascii = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly TextWriter writer;
    private readonly TextReader reader;
    private readonly Lock gate = new();

    public AgentChannel(TextWriter writer, TextReader reader)
    {
        this.writer = writer;
        this.reader = reader;
    }

    public static AgentChannel FromStreams(Stream toAgent, Stream fromAgent) =>
        new(new StreamWriter(toAgent, Ascii) { AutoFlush = true }, new StreamReader(fromAgent, Ascii));

    /// <summary>Sends one command and waits for its answer; on timeout, <paramref name="onTimeout"/> kills the agent.</summary>
    public AgentReply Call(string command, TimeSpan timeout, Action onTimeout)
    {
        if (command.Contains('\n'))
            throw new ArgumentException("a command is one line", nameof(command));
        lock (gate)
        {
            try
            {
                writer.Write(command);
                writer.Write('\n');
                writer.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                throw new HostAgentException($"agent is gone (sending '{command}')", e);
            }
            string? line = ReadLine(timeout, onTimeout, command);
            return line is null
                ? throw new HostAgentException($"agent exited while running '{command}'")
                : AgentReply.Parse(line);
        }
    }

    /// <summary>
    /// Reads one line; null at end of input. A blocking read, watched by a timer that runs
    /// <paramref name="onTimeout"/> (which kills the agent, so that the read ends) when the answer is
    /// late: an asynchronous read costs a thread-pool hop on every command.
    /// </summary>
    public string? ReadLine(TimeSpan timeout, Action onTimeout, string what)
    {
        int fired = 0;
        using var watchdog = new Timer(_ =>
        {
            if (Interlocked.Exchange(ref fired, 1) == 0)
                onTimeout();
        }, null, timeout, Timeout.InfiniteTimeSpan);
        string? line;
        try
        {
            line = reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or NullReferenceException)
        {
            throw new HostAgentException($"agent is gone (reading the answer to '{what}')", e);
        }
        if (Interlocked.Exchange(ref fired, 1) != 0)
            throw new HostAgentException($"agent did not answer '{what}' within {timeout.TotalSeconds:0.#} s; killed it");
        return line;
    }

    public void Dispose()
    {
        try
        {
            writer.Dispose();
        }
        catch (IOException)
        {
            // the agent is already gone: nothing to flush to
        }
        reader.Dispose();
    }
}
