namespace MmDsl.Runtime.Output.Graph;

/// <summary>
/// Who maps what, as one picture: processes, their VMAs, their page-table entries (runs of like
/// entries folded into one), and the folios those entries reach (runs of like folios folded too).
/// <c>show graph</c> draws it as text or DOT, <c>mmdsl report</c> as SVG. Plain data: two models
/// of two steps compare by their node keys.
/// </summary>
internal sealed record GraphModel(IReadOnlyList<ProcessNode> Processes, IReadOnlyList<FolioNode> Folios)
{
    public static GraphModel Empty { get; } = new([], []);

    /// <summary>Every entry run of every process, in drawing order.</summary>
    public IEnumerable<EntryRun> Entries => Processes.SelectMany(p => p.Vmas).SelectMany(v => v.Entries);

    public FolioNode? FindFolio(int head) => Folios.FirstOrDefault(f => f.Head == head);
}

/// <summary>A process (its mm) and its VMAs, in address order.</summary>
internal sealed record ProcessNode(string Name, int Pid, IReadOnlyList<VmaNode> Vmas)
{
    public string Id => Name;

    public string Label => $"{Name} (pid {Pid})";
}

/// <summary>A VMA and the entries in it that map something.</summary>
internal sealed record VmaNode(string Process, long Start, long End, string? Name, string Perms, IReadOnlyList<EntryRun> Entries)
{
    public string Id => $"{Process}:vma:{Fmt.Hex(Start)}";

    public string Key => $"v:{Process}:{Fmt.Range(Start, End)}:{Name}:{Perms}";

    public string Label => $"vma {(Name is null ? string.Empty : Name + " ")}{Fmt.Range(Start, End)} {Perms}";
}

/// <summary>What an entry run points to.</summary>
internal enum EntryKind
{
    /// <summary>Present entries mapping pages of <see cref="EntryRun.Folio"/>.</summary>
    Folio,
    /// <summary>The shared zero page, or the huge zero folio for a PMD.</summary>
    Zero,
    /// <summary>Swap entries; <see cref="EntryRun.Folio"/> is the swap-cache folio of the first slot, or -1.</summary>
    Swap,
}

/// <summary>
/// One entry, or a run of like entries: the same level, kind and write bit, consecutive addresses,
/// consecutive pfns (or swap slots) in one folio node.
/// </summary>
internal sealed record EntryRun(
    string Process,
    string Level,
    long Start,
    int Count,
    EntryKind Kind,
    bool Writable,
    int Folio,
    long First,
    long Last,
    bool SwpExclusive)
{
    /// <summary>Bytes one entry covers.</summary>
    public long Step => Level == "pmd" ? 1L << 21 : 1L << 12;

    public long End => Start + Count * Step;

    /// <summary>Names the run among all runs (runs of one process never overlap).</summary>
    public string Id => $"{Process}:{Level}:{Fmt.Hex(Start)}";

    /// <summary>Names the run and what it maps: equal keys in two steps mean nothing changed.</summary>
    public string Key => $"e:{Process}:{Level}:{Fmt.Hex(Start)}:{Count}:{Kind}:{Writable}:{Fmt.Hex(Folio)}:{First}:{Last}";

    /// <summary><c>pte 0x2000-0x200000 (510) ro</c></summary>
    public string Source => Count == 1
        ? $"{Level} {Fmt.Hex(Start)} {Access}"
        : $"{Level} {Fmt.Range(Start, End)} ({Count}) {Access}";

    private string Access => Kind == EntryKind.Swap ? (SwpExclusive ? "swp-excl" : "swp") : Writable ? "rw" : "ro";

    /// <summary><c>folio 0x400 [2..511]</c>, <c>zero page</c>, <c>swap 0:0x3 (swapcache 0x401)</c>.</summary>
    public string Target(GraphModel graph) => Kind switch
    {
        EntryKind.Zero => Level == "pmd" ? "huge zero folio" : "zero page",
        EntryKind.Swap => $"swap {(First == Last ? Fmt.Hex(First) : Fmt.Range(First, Last + 1))}" +
            (Folio >= 0 ? $" (swapcache {Fmt.Pfn(Folio)})" : string.Empty),
        _ => graph.FindFolio(Folio) is { Count: > 1 } run ? run.Name : $"folio {Fmt.Pfn(Folio)} {Pages}",
    };

    /// <summary>The pages of a single folio the run maps: <c>[0..511]</c>, <c>[3]</c>.</summary>
    public string Pages => First == Last ? $"[{First}]" : $"[{First}..{Last}]";

    /// <summary>The folio node this run leads to, or -1 (zero page, swap without a cached folio).</summary>
    public int Edge => Kind == EntryKind.Zero ? -1 : Folio;
}

/// <summary>
/// A folio, or a run of <see cref="Count"/> like folios of one order at consecutive pfns (the
/// same counts, flags and extra references), each mapped by the same entry runs.
/// </summary>
internal sealed record FolioNode(int Head, int Order, int Count, int RefCount, int MapCount, int Pins, string Flags, string Extra)
{
    public string Id => $"folio:{Fmt.Pfn(Head)}";

    /// <summary>Names the node and its counts: equal keys in two steps mean nothing changed.</summary>
    public string Key => $"f:{Fmt.Pfn(Head)}:{Count}:{RefCount}:{MapCount}:{Pins}:{Flags}:{Extra}";

    public int NrPages => 1 << Order;

    /// <summary><c>folio 0x400</c>, <c>folios 0x400-0x4ff (x256)</c>.</summary>
    public string Name => Count == 1 ? $"folio {Fmt.Pfn(Head)}" : $"folios {Fmt.Pfn(Head)}-{Fmt.Pfn(Head + Count * NrPages - 1)} (x{Count})";

    public string Size => Fmt.Size(NrPages * 4096L);

    /// <summary><c>ref 512 map 512 pin 0</c>, each folio's own counts.</summary>
    public string Counts => $"ref {RefCount} map {MapCount} pin {Pins}";

    /// <summary>What else holds references: <c>swapcache 1, lru 1, pin 1x1024, gup 1</c>; empty if nothing.</summary>
    public string ExtraRefs => Extra;
}
