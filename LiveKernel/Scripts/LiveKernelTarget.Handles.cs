using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

internal sealed partial class LiveKernelTarget
{
    private const string PinOnHost = "only a long-term R/W pin (an io_uring fixed buffer) can be taken from user space";

    public string TakeHandle(HandleRequest request) => request.Verb switch
    {
        "pin" => Pin(request),
        "get" => NoHandle(request.Command, "get", "get_user_pages (FOLL_GET) has no user-space interface"),
        _ => Vmsplice(request),
    };

    private string Pin(HandleRequest request)
    {
        var process = P(request.Process);
        var (address, size) = (request.Address, request.Size);
        var how = (request.Write ? " rw" : " ro") + (request.LongTerm ? " longterm" : string.Empty);
        if (!request.Write || !request.LongTerm)
        {
            return NoHandle(request.Command, "pin", PinOnHost);
        }
        if (!Can.IoUringPin.Available)
        {
            return NoHandle(request.Command, "pin", $"io_uring pins are not available: {Can.IoUringPin.Reason}");
        }
        var before = process.Agent.Faults();
        var pinned = process.Agent.Pin((ulong)address, (ulong)size);
        if (pinned is not HostResult<HostPin>.Ok { Value: var pin })
        {
            Out.WriteLine($"{process.Name}: pin {Fmt.Range(address, address + size)}{how}: {Describe(pinned.ErrorOrNull!)}");
            return pinned.ErrorOrNull!.Name;
        }
        var handle = new PinHandle(_nextHandle++, process, pin);
        _handles[handle.Id] = handle;
        Out.WriteLine($"{process.Name}: pin {Fmt.Range(address, address + size)}{how} -> #{handle.Id}{FaultPart(process.Agent.Faults() - before)}");
        return "ok";
    }

    private string Vmsplice(HandleRequest request)
    {
        var process = P(request.Process);
        var (address, size) = (request.Address, request.Size);
        RaisePipeMaxSize(size);
        var before = process.Agent.Faults();
        var spliced = process.Agent.Vmsplice((ulong)address, (ulong)size);
        if (spliced is not HostResult<HostPipe>.Ok { Value: var pipe })
        {
            Out.WriteLine($"{process.Name}: vmsplice {Fmt.Range(address, address + size)}: {Describe(spliced.ErrorOrNull!)}");
            return spliced.ErrorOrNull!.Name;
        }
        var handle = new PipeHandle(_nextHandle++, process, pipe);
        _handles[handle.Id] = handle;
        var partial = pipe.Bytes < pipe.Length ? $" ({pipe.Bytes} of {pipe.Length} bytes: the pipe is full)" : string.Empty;
        Out.WriteLine($"{process.Name}: vmsplice {Fmt.Range(address, address + size)} -> #{handle.Id}{partial}{FaultPart(process.Agent.Faults() - before)}");
        return "ok";
    }

    /// <summary>
    /// The agent sizes each pipe to hold what it splices (a power of two above SIZE plus a page); beyond /proc/sys/fs/pipe-max-size that needs
    /// CAP_SYS_RESOURCE, so the limit is raised for the run instead (and restored at its end).
    /// </summary>
    private void RaisePipeMaxSize(long size)
    {
        const string limit = "/proc/sys/fs/pipe-max-size";
        var wanted = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(size + AddressSpace.PageSize, 65536));
        if (!KernelFiles.Exists(limit) || !long.TryParse(KernelFiles.ReadText(limit).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var max) || wanted <= max)
        {
            return;
        }
        if (_host.Raise(limit, wanted.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } why)
        {
            Out.WriteLine($"vmsplice: {why}");
        }
    }

    /// <summary>A handle the host cannot take keeps its number, so later <c>#N</c> mean what they mean in the simulator.</summary>
    private string NoHandle(Command command, string verb, string why)
    {
        var handle = new MissingHandle(_nextHandle++, verb, $"not on the host: {why}");
        _handles[handle.Id] = handle;
        var text = command.Span.Text.Trim();
        Out.WriteLine($"{text}: not on the host: {why} (#{handle.Id} stays empty)");
        _state.Skipped++;
        Diverge($"'{text}' is not on the host: {why}");
        return "not on the host";
    }

    private HostHandle FindHandle(int id, Span span) =>
        _handles.GetValueOrDefault(id) ?? throw new RuntimeError(span, _handles.Count == 0
            ? $"no handle #{id}: no handle is open"
            : $"no handle #{id} (open: {string.Join(", ", _handles.Keys.Order().Select(k => "#" + k))})");

    public string HandleVerb(int id, Span span) => FindHandle(id, span).Verb;

    public bool HandleWritable(int id, Span span) => FindHandle(id, span) is not PipeHandle;

    public void HandleRead(int id, Span span)
    {
        var handle = FindHandle(id, span);
        if (handle.Unusable is { } why)
        {
            Out.WriteLine($"#{handle.Id}: {why}");
            return;
        }
        var who = handle is PipeHandle ? "pipe" : "device";
        var pages = (Length(handle) + AddressSpace.PageSize - 1) / AddressSpace.PageSize;
        for (long page = 0; page < pages; page++)
        {
            var offset = page * AddressSpace.PageSize;
            var at = pages == 1 ? string.Empty : $" +{Fmt.Hex(offset)}";
            Out.WriteLine(ReadThrough(handle, offset) is HostResult<ulong>.Ok ok
                ? $"#{handle.Id}{at}: {who} reads {ok.Value}"
                : $"#{handle.Id}{at}: {who} read failed");
        }
    }

    public void HandleWrite(int id, ulong value, Command command)
    {
        var handle = _handles[id];
        if (handle is not PinHandle pin || pin.Unusable is not null)
        {
            Out.WriteLine($"#{handle.Id}: {handle.Unusable}");
            Diverge($"'{command.Span.Text.Trim()}': {handle.Unusable}");
            return;
        }
        var pages = (Length(handle) + AddressSpace.PageSize - 1) / AddressSpace.PageSize;
        for (long page = 0; page < pages; page++)
        {
            pin.Pin.Write((ulong)(page * AddressSpace.PageSize), value).Unwrap();
        }
        Out.WriteLine($"#{handle.Id}: device writes {value}");
    }

    public void Release(int id)
    {
        var handle = _handles[id];
        if (handle.Unusable is null)
        {
            var released = handle switch
            {
                PinHandle pin => pin.Pin.Unpin(),
                PipeHandle pipe => pipe.Pipe.Close(),
                _ => HostResult<Done>.Success(default),
            };
            released.Unwrap();
        }
        _handles.Remove(handle.Id);
    }

    /// <summary>handle(#N, OFFSET): the word a device or the pipe's reader sees.</summary>
    public Value ReadHandle(int id, long offset, Span span)
    {
        var handle = FindHandle(id, span);
        if (handle.Unusable is { } why)
        {
            return Value.Unobserved(false, why);
        }
        if (offset < 0 || offset >= Length(handle) || (offset & 7) != 0)
        {
            throw new RuntimeError(span, $"offset {Fmt.Hex(offset)} is outside #{id} or not 8-byte aligned");
        }
        return ReadThrough(handle, offset) is HostResult<ulong>.Ok ok
            ? Value.Of((long)ok.Value)
            : Value.Unobserved(false, $"unavailable: reading #{id} failed");
    }

    private static HostResult<ulong> ReadThrough(HostHandle handle, long offset) => handle switch
    {
        PinHandle pin => pin.Pin.Read((ulong)offset),
        PipeHandle pipe => pipe.Pipe.Read((ulong)offset),
        _ => HostResult<ulong>.Fail(new HostError("ENOENT", "no such handle on the host")),
    };

    private static long Length(HostHandle handle) => handle switch
    {
        PinHandle pin => (long)pin.Pin.Length,
        PipeHandle pipe => (long)pipe.Pipe.Bytes,
        _ => 0,
    };

    private static string FaultPart(FaultCounts faults) => faults.Total == 0 ? string.Empty : ": " + Faults(faults);
}
