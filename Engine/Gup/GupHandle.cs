namespace MmDsl.Engine.Gup;

/// <summary>What a handle holds its pages with.</summary>
internal enum HandleKind
{
    /// <summary>pin_user_pages (FOLL_PIN).</summary>
    Pin,
    /// <summary>get_user_pages (FOLL_GET).</summary>
    Get,
    /// <summary>A pipe filled by vmsplice (FOLL_GET references held by pipe buffers).</summary>
    Pipe,
}

/// <summary>
/// A set of page references taken through GUP: what a device doing DMA, or a pipe, holds. It keeps
/// the page frames it took, whatever later happens to the page tables.
/// </summary>
internal sealed class GupHandle
{
    public GupHandle(int id, HandleKind kind, string process, long address, bool write, bool longTerm, int[] pfns)
    {
        Id = id;
        Kind = kind;
        Process = process;
        Address = address;
        Write = write;
        LongTerm = longTerm;
        Pfns = pfns;
    }

    public int Id { get; }

    public HandleKind Kind { get; }

    public string Process { get; }

    public long Address { get; }

    public bool Write { get; }

    public bool LongTerm { get; }

    /// <summary>The page frame of each 4K page taken, in address order.</summary>
    public int[] Pfns { get; }

    public long Size => (long)Pfns.Length << Mm.PageTable.PageShift;

    public GupHandle Clone() => new(Id, Kind, Process, Address, Write, LongTerm, (int[])Pfns.Clone());
}
