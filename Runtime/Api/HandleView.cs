using MmDsl.Engine.Gup;

namespace MmDsl.Runtime.Api;

/// <summary>
/// A set of page references taken through GUP (<c>pin</c>, <c>get</c>, <c>vmsplice</c>): what a
/// device doing DMA or a pipe holds, whatever happens to the page tables afterwards.
/// </summary>
public sealed record HandleView
{
    private readonly MmApi _api;

    internal HandleView(MmApi api, GupHandle handle)
    {
        _api = api;
        Id = handle.Id;
        Kind = handle.Kind switch
        {
            HandleKind.Pin => "pin",
            HandleKind.Get => "get",
            _ => "pipe",
        };
        Process = handle.Process;
        Address = new Address(handle.Address);
        Write = handle.Write;
        LongTerm = handle.LongTerm;
        Pfns = handle.Pfns.Select(p => new Pfn(p)).ToList();
    }

    /// <summary>The handle's number: <c>#1</c> is 1.</summary>
    public int Id { get; }

    /// <summary><c>pin</c> (FOLL_PIN), <c>get</c> (FOLL_GET) or <c>pipe</c> (vmsplice).</summary>
    public string Kind { get; }

    public string Process { get; }

    public Address Address { get; }

    public long Size => Pfns.Count * MmApi.PageSize;

    /// <summary>Taken for writing (FOLL_WRITE).</summary>
    public bool Write { get; }

    /// <summary>FOLL_LONGTERM.</summary>
    public bool LongTerm { get; }

    /// <summary>The page frame of each 4K page taken, in address order.</summary>
    public IReadOnlyList<Pfn> Pfns { get; }

    /// <summary>The handle is still open.</summary>
    public bool Open => _api.Live.FindHandle(Id) is not null;

    /// <summary>The word at byte <paramref name="offset"/> as the device or pipe reader sees it: <c>handle(#N, OFFSET)</c>.</summary>
    public long Read(long offset = 0)
    {
        var handle = _api.Live.FindHandle(Id) ?? throw new InvalidOperationException($"handle #{Id} is closed");
        if (offset < 0 || offset >= Size || (offset & 7) != 0)
        {
            throw new ArgumentException($"offset {ValueText.Hex(offset)} is outside #{Id} or not 8-byte aligned");
        }
        return (long)_api.Live.HandleRead(handle, offset);
    }

    public override string ToString()
    {
        var pfns = Pfns.Count <= 4 ? string.Join(" ", Pfns) : $"{Pfns[0]}..{Pfns[^1]}";
        return $"#{Id} {Kind} {Process} {Address}-{Address + Size} {(Write ? "rw" : "ro")}{(LongTerm ? " longterm" : string.Empty)} pfns {pfns}";
    }
}
