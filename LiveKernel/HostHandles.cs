namespace MmDsl.LiveKernel;

/// <summary>A pipe that holds pages by vmsplice; it lives in <see cref="Owner"/>.</summary>
internal sealed record HostPipe(HostAgent Owner, int Id, ulong Address, ulong Length, ulong Bytes)
{
    /// <summary>What the pipe's reader would read at OFFSET; the pipe keeps its content.</summary>
    public HostResult<ulong> Read(ulong offset) => Owner.PipeRead(this, offset);

    public HostResult<Done> Close() => Owner.ClosePipe(this);
}

/// <summary>A long-term R/W pin (io_uring fixed buffer, FOLL_PIN|FOLL_LONGTERM) held by <see cref="Owner"/>.</summary>
internal sealed record HostPin(HostAgent Owner, int Id, ulong Address, ulong Length)
{
    /// <summary>What a device reading the pinned pages sees at OFFSET (IORING_OP_WRITE_FIXED).</summary>
    public HostResult<ulong> Read(ulong offset) => Owner.PinRead(this, offset);

    /// <summary>A device writes VALUE at OFFSET of the pinned pages (IORING_OP_READ_FIXED).</summary>
    public HostResult<Done> Write(ulong offset, ulong value) => Owner.PinWrite(this, offset, value);

    public HostResult<Done> Unpin() => Owner.Unpin(this);
}

/// <summary>getrusage(RUSAGE_SELF) fault counts of one agent.</summary>
internal readonly record struct FaultCounts(long Minor, long Major)
{
    public static FaultCounts operator -(FaultCounts after, FaultCounts before) =>
        new(after.Minor - before.Minor, after.Major - before.Major);

    public static FaultCounts operator +(FaultCounts a, FaultCounts b) => new(a.Minor + b.Minor, a.Major + b.Major);

    public long Total => Minor + Major;
}

/// <summary>A memfd the target's hub holds: its fd there, and the <c>/proc/HUB/fd/FD</c> link an agent maps it through.</summary>
internal sealed record HostMemfd(int Fd, string Link);
