using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Api;

/// <summary>A mapping of a process (vm_area_struct), as it was when asked for.</summary>
public sealed record VmaView(
    Address Start,
    Address End,
    VmFlags Flags,
    long PgOff,
    int AnonVma,
    string? Name,
    bool Shmem)
{
    internal static VmaView Of(Vma v, MmStruct mm, Engine.Machine m) =>
        new(new(v.Start), new(v.End), v.Flags, v.PgOff, v.AnonVma, mm.NameOf(v.Start, v.End), v.Shmem != 0)
        {
            Memfd = v.Shmem != 0 ? m.FindShmem(v.Shmem)?.Name : null,
        };

    /// <summary>The memfd this VMA maps (<c>mmap ... memfd F</c>), privately or shared; null for anonymous memory.</summary>
    public string? Memfd { get; init; }

    public long Size => End - Start;

    /// <summary>The /proc/PID/maps permissions, e.g. <c>rw-p</c>.</summary>
    public string Perms => Flags.Perms();

    public bool Read => (Flags & VmFlags.Read) != 0;

    public bool Write => (Flags & VmFlags.Write) != 0;

    /// <summary>MAP_SHARED.</summary>
    public bool Shared => (Flags & VmFlags.Shared) != 0;

    /// <summary>VM_HUGEPAGE (MADV_HUGEPAGE, <c>mmap ... thp</c>).</summary>
    public bool HugePage => (Flags & VmFlags.HugePage) != 0;

    /// <summary>VM_NOHUGEPAGE.</summary>
    public bool NoHugePage => (Flags & VmFlags.NoHugePage) != 0;

    /// <summary>VM_DONTCOPY (MADV_DONTFORK).</summary>
    public bool DontFork => (Flags & VmFlags.DontCopy) != 0;

    /// <summary>VM_WIPEONFORK.</summary>
    public bool WipeOnFork => (Flags & VmFlags.WipeOnFork) != 0;

    public bool Contains(long address) => address >= Start && address < End;

    public override string ToString()
    {
        var words = new List<string> { $"{Start}-{End}", Perms, Output.Fmt.Size(Size) };
        if (HugePage)
        {
            words.Add("hugepage");
        }
        if (NoHugePage)
        {
            words.Add("nohugepage");
        }
        if (DontFork)
        {
            words.Add("dontfork");
        }
        if (WipeOnFork)
        {
            words.Add("wipeonfork");
        }
        words.Add(Name ?? (Memfd is { } file ? $"memfd:{file}" : Shmem ? "[shmem]" : "[anon]"));
        return string.Join(" ", words);
    }
}

/// <summary>A VMA's memory use as /proc/PID/smaps reports it (smaps_pte_range), in bytes.</summary>
public sealed record SmapsView(long Rss, long AnonHugePages, long Swap)
{
    public override string ToString() =>
        $"Rss {Output.Fmt.Kb(Rss)}, AnonHugePages {Output.Fmt.Kb(AnonHugePages)}, Swap {Output.Fmt.Kb(Swap)}";
}
