using System.Globalization;

namespace MmDsl.LiveKernel;

/// <summary>The memory commands, each one real system call in the agent.</summary>
internal sealed partial class HostAgent
{
    /// <summary>
    /// mmap(2) at exactly ADDRESS (MAP_FIXED_NOREPLACE) of anonymous memory, or of the memfd
    /// <paramref name="file"/> (a <c>/proc/PID/fd/N</c> link) from offset 0; returns the address.
    /// </summary>
    public HostResult<ulong> Mmap(ulong address, ulong length, HostProtection protection, HostMapFlags flags = HostMapFlags.Private, string? file = null) =>
        Call($"mmap {Hex(address)} {Hex(length)} {HostWords.Of(protection)} {HostWords.Of(flags)}{(file is null ? "" : " " + file)}")
            .ToResult(r => AgentReply.Number(r.Text));

    /// <summary>mlock(2) (populating the range) or munlock(2).</summary>
    public HostResult<Done> Mlock(ulong address, ulong length, bool locked) =>
        Call($"{(locked ? "mlock" : "munlock")} {Hex(address)} {Hex(length)}").ToResult(_ => default(Done));

    public HostResult<Done> Munmap(ulong address, ulong length) =>
        Call($"munmap {Hex(address)} {Hex(length)}").ToResult(_ => default(Done));

    public HostResult<Done> Mprotect(ulong address, ulong length, HostProtection protection) =>
        Call($"mprotect {Hex(address)} {Hex(length)} {HostWords.Of(protection)}").ToResult(_ => default(Done));

    /// <summary>mremap(2) with MREMAP_MAYMOVE, and MREMAP_FIXED when NEWADDRESS is given; returns the new address.</summary>
    public HostResult<ulong> Mremap(ulong address, ulong oldLength, ulong newLength, ulong? newAddress = null) =>
        Call($"mremap {Hex(address)} {Hex(oldLength)} {Hex(newLength)}" + (newAddress is { } to ? " " + Hex(to) : ""))
            .ToResult(r => AgentReply.Number(r.Text));

    public HostResult<Done> Madvise(ulong address, ulong length, HostAdvice advice)
    {
        var result = Call($"madvise {Hex(address)} {Hex(length)} {HostWords.Of(advice)}").ToResult(_ => default(Done));
        if (advice == HostAdvice.Collapse && result.IsOk)
            registry?.CountCollapse();
        return result;
    }

    /// <summary>Loads the 8-byte word at ADDRESS, faulting as a program would; SIGSEGV/SIGBUS come back as errors.</summary>
    public HostResult<ulong> Read(ulong address) =>
        Call($"read {Hex(address)}").ToResult(r => AgentReply.Number(r.Text));

    /// <summary>Stores an 8-byte word at ADDRESS, faulting as a program would.</summary>
    public HostResult<Done> Write(ulong address, ulong value) =>
        Call($"write {Hex(address)} {Hex(value)}").ToResult(_ => default(Done));

    /// <summary>vmsplice(2) the range into a new pipe that keeps the page references.</summary>
    public HostResult<HostPipe> Vmsplice(ulong address, ulong length) =>
        Call($"vmsplice {Hex(address)} {Hex(length)}").ToResult(r =>
            new HostPipe(this, ParseId(r.Words[0]), address, length, AgentReply.Number(r.Words[1])));

    public HostResult<ulong> PipeRead(HostPipe pipe, ulong offset) =>
        Call($"piperead {Own(pipe.Owner, pipe.Id)} {Hex(offset)}").ToResult(r => AgentReply.Number(r.Text));

    public HostResult<Done> ClosePipe(HostPipe pipe) =>
        Call($"close {Own(pipe.Owner, pipe.Id)}").ToResult(_ => default(Done));

    /// <summary>A long-term R/W pin through io_uring buffer registration (ENOSYS/EPERM where io_uring is off).</summary>
    public HostResult<HostPin> Pin(ulong address, ulong length) =>
        Call($"pin {Hex(address)} {Hex(length)}").ToResult(r => new HostPin(this, ParseId(r.Text), address, length));

    public HostResult<Done> Unpin(HostPin pin) =>
        Call($"unpin {Own(pin.Owner, pin.Id)}").ToResult(_ => default(Done));

    public HostResult<ulong> PinRead(HostPin pin, ulong offset) =>
        Call($"pinread {Own(pin.Owner, pin.Id)} {Hex(offset)}").ToResult(r => AgentReply.Number(r.Text));

    public HostResult<Done> PinWrite(HostPin pin, ulong offset, ulong value) =>
        Call($"pinwrite {Own(pin.Owner, pin.Id)} {Hex(offset)} {Hex(value)}").ToResult(_ => default(Done));

    /// <summary>Minor and major faults of this agent so far; differences count only the script's accesses.</summary>
    public FaultCounts Faults()
    {
        var reply = Call("faults");
        if (!reply.Ok)
            throw new HostAgentException($"faults failed: {reply.Error}");
        return new FaultCounts(
            long.Parse(reply.Field("minflt"), CultureInfo.InvariantCulture),
            long.Parse(reply.Field("majflt"), CultureInfo.InvariantCulture));
    }

    /// <summary>The real address of a simulated one.</summary>
    public ulong RealAddress(ulong address) => Base + address;

    private string Own(HostAgent owner, int id) =>
        owner == this ? id.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentException($"handle {id} belongs to {owner}, not to {this}");

    private static int ParseId(string word) => (int)AgentReply.Number(word);

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
