using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace MmDsl.LiveKernel;

/// <summary>
/// Protocol v2 over one <see cref="IHubTransport"/>: sends <c>ID SEQ command</c>, matches the answer
/// <c>ID SEQ answer</c> by both, so that a late answer (after a timeout) is dropped instead of
/// being taken for the next one. Thread-safe: any number of threads may wait for answers at once
/// (a command to one agent while another thread kills it, say). ID 0 is the hub itself.
/// </summary>
internal sealed class HubConnection : IDisposable
{
    public const int ProtocolVersion = 2;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly Encoding Ascii = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly IHubTransport transport;
    private readonly Lock writeGate = new();
    private readonly ConcurrentDictionary<ulong, Pending> pending = new();
    private readonly Thread reader;
    private long nextSeq;
    private volatile string? closed;
    private int disposed;

    private sealed class Pending(ulong id)
    {
        public readonly ulong Id = id;
        public readonly ManualResetEventSlim Done = new(false);
        public string? Answer;
        public string? Failure;
    }

    /// <summary>Starts reading answers and shakes hands (<c>hello</c>); throws <see cref="HostAgentException"/> when the other side is no hub of protocol v2.</summary>
    public HubConnection(IHubTransport transport, TimeSpan? handshakeTimeout = null)
    {
        this.transport = transport;
        reader = new Thread(ReadAnswers) { IsBackground = true, Name = "mmdsl hub reader" };
        reader.Start();
        try
        {
            var hello = Call(0, "hello", handshakeTimeout ?? DefaultTimeout);
            Info = hello.Ok ? HubInfo.Parse(hello) : throw new HostAgentException($"{transport.Description} refused hello: {hello.Error}");
            if (Info.Protocol != ProtocolVersion)
                throw new HostAgentException($"{transport.Description} speaks protocol {Info.Protocol}, not {ProtocolVersion}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>What the hub said in the handshake.</summary>
    public HubInfo Info { get; } = null!;

    public string Description => transport.Description;

    /// <summary>The hub's pid on this machine (null when it runs elsewhere).</summary>
    public int? LocalProcessId => transport.LocalProcessId;

    /// <summary>Why the connection ended, or null while it serves.</summary>
    public string? Closed => closed;

    /// <summary>
    /// Sends COMMAND to agent ID (0: the hub) and waits for its answer. A missing answer within
    /// TIMEOUT runs <paramref name="onTimeout"/> and throws; a connection that ends throws.
    /// </summary>
    public AgentReply Call(ulong id, string command, TimeSpan? timeout = null, Action? onTimeout = null)
    {
        if (command.Contains('\n'))
            throw new ArgumentException("a command is one line", nameof(command));
        if (closed is { } why)
            throw new HostAgentException($"{transport.Description} is gone ({why}); cannot send '{command}'");
        ulong seq = (ulong)Interlocked.Increment(ref nextSeq);
        var wait = new Pending(id);
        pending[seq] = wait;
        try
        {
            string line = string.Create(CultureInfo.InvariantCulture, $"{id} {seq} {command}\n");
            lock (writeGate)
            {
                try
                {
                    var bytes = Ascii.GetBytes(line);
                    transport.ToHub.Write(bytes);
                    transport.ToHub.Flush();
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
                {
                    throw new HostAgentException($"{transport.Description} is gone (sending '{command}')", e);
                }
            }
            var limit = timeout ?? DefaultTimeout;
            if (!wait.Done.Wait(limit))
            {
                pending.TryRemove(seq, out _);
                onTimeout?.Invoke();
                throw new HostAgentException($"no answer to '{command}' within {limit.TotalSeconds:0.#} s from {Target(id)}"
                    + (onTimeout is null ? "" : "; killed it"));
            }
            if (wait.Failure is { } failure)
                throw new HostAgentException($"{Target(id)} did not answer '{command}': {failure}");
            return AgentReply.Parse(wait.Answer!);
        }
        finally
        {
            pending.TryRemove(seq, out _);
            wait.Done.Dispose();
        }
    }

    /// <summary>A hub command that must succeed: its answer, or <see cref="HostAgentException"/>.</summary>
    public AgentReply Hub(string command, TimeSpan? timeout = null)
    {
        var reply = Call(0, command, timeout);
        return reply.Ok ? reply : throw new HostAgentException($"{transport.Description}: '{command}' failed: {reply.Error}");
    }

    private string Target(ulong id) => id == 0 ? transport.Description : $"agent {id} of {transport.Description}";

    private void ReadAnswers()
    {
        string why = "end of its output";
        try
        {
            using var input = new StreamReader(transport.FromHub, Ascii, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            while (input.ReadLine() is { } line)
                Deliver(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            why = e.Message;
        }
        closed = why;
        foreach (var (_, wait) in pending)
        {
            wait.Failure ??= $"the hub is gone ({why})";
            try
            {
                wait.Done.Set();
            }
            catch (ObjectDisposedException)
            {
                // its caller gave up meanwhile
            }
        }
    }

    private void Deliver(string line)
    {
        int first = line.IndexOf(' ');
        int second = first < 0 ? -1 : line.IndexOf(' ', first + 1);
        if (second < 0
            || !ulong.TryParse(line.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)
            || !ulong.TryParse(line.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seq))
            return; // not an answer (a console line of a virtual machine, say)
        if (!pending.TryGetValue(seq, out var wait) || wait.Id != id)
            return; // a late answer to a request that timed out, or one with SEQ 0: nobody waits
        wait.Answer = line[(second + 1)..];
        try
        {
            wait.Done.Set();
        }
        catch (ObjectDisposedException)
        {
            // its caller gave up meanwhile
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        transport.Dispose();
        if (Thread.CurrentThread != reader)
            reader.Join(TimeSpan.FromSeconds(5));
    }

    public override string ToString() => transport.Description;
}

/// <summary>The hub's handshake: protocol version, the kernel it runs on and what that kernel offers.</summary>
internal sealed record HubInfo(int Protocol, int Pid, int Uid, string Release, int PageSize, IReadOnlyList<int> ThpSizesKb,
    ulong SwapTotalKb, string IoUring, string PagemapScan, string Version, string CommandLine)
{
    public static HubInfo Parse(AgentReply hello)
    {
        var words = hello.Words;
        if (words.Length < 2 || words[0] != "mmdsl-hub" || !int.TryParse(words[1], CultureInfo.InvariantCulture, out int protocol))
            throw new HostAgentException($"not a hub greeting: '{hello.Text}'");
        int[] sizes = hello.Field("thp") == "-" ? [] : [.. hello.Field("thp").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order()];
        return new HubInfo(protocol, int.Parse(hello.Field("pid"), CultureInfo.InvariantCulture),
            int.Parse(hello.Field("uid"), CultureInfo.InvariantCulture), hello.Field("release"),
            int.Parse(hello.Field("page"), CultureInfo.InvariantCulture), sizes,
            ulong.Parse(hello.Field("swap"), CultureInfo.InvariantCulture), hello.Field("io_uring"), hello.Field("pagemap_scan"),
            Hex.Text(hello.Field("version")).TrimEnd('\n'), Hex.Text(hello.Field("cmdline")).TrimEnd('\n'));
    }
}

/// <summary>Binary data on one protocol line.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => hex is "" or "-" ? [] : Convert.FromHexString(hex);

    public static string Text(string hex) => Encoding.UTF8.GetString(Bytes(hex));

    public static string Of(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));
}
