using MmDsl.Engine;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Api;

/// <summary>
/// A process (task_struct with its mm_struct), found by name on every access, so that it follows
/// the session's current machine across <c>undo</c> and <c>reset</c>. The per-address methods are
/// the language's queries (<c>refcount(A, ADDR)</c> is <c>Proc("A").RefCount(addr)</c>); none faults.
/// </summary>
public sealed partial record ProcessView
{
    private readonly MmApi _api;

    internal ProcessView(MmApi api, string name)
    {
        _api = api;
        Name = name;
    }

    public string Name { get; }

    private Machine M => _api.Live;

    private Process P => M.FindProcess(Name) ?? throw new InvalidOperationException($"process '{Name}' no longer exists");

    /// <summary>The process still exists (it has not exited; the machine was not reset).</summary>
    public bool Exists => M.FindProcess(Name) is not null;

    public int Pid => P.Pid;

    /// <summary>The parent's pid; 0 for a process created with <c>proc</c>.</summary>
    public int ParentPid => P.ParentPid;

    /// <summary>The parent's name, or null if it has none or it has exited.</summary>
    public string? Parent => M.Processes.FirstOrDefault(p => p.Pid == P.ParentPid)?.Name;

    /// <summary>mm->mm_id.</summary>
    public int MmId => P.Mm.MmId;

    /// <summary>The VMAs, in address order (a snapshot).</summary>
    public IReadOnlyList<VmaView> Vmas => P.Mm.Vmas.Select(v => VmaView.Of(v, P.Mm, M)).ToList();

    /// <summary>The VMA containing <paramref name="address"/> (find_vma), or null.</summary>
    public VmaView? Vma(long address) => P.Mm.FindVma(address) is { } v ? VmaView.Of(v, P.Mm, M) : null;

    /// <summary>/proc/PID/smaps for the VMA at <paramref name="vma"/>'s start: its Rss, AnonHugePages and Swap.</summary>
    public SmapsView Smaps(VmaView vma)
    {
        if (P.Mm.FindVma(vma.Start) is not { } v)
        {
            return new SmapsView(0, 0, 0);
        }
        var usage = Output.Show.MapsTable.Usage(M, P, v);
        return new SmapsView(usage.Rss, usage.AnonHuge, usage.Swap);
    }

    /// <summary>The PTE for <paramref name="address"/>; none when there is no PTE table (nothing mapped, or a PMD mapping).</summary>
    public PteView Pte(long address) => PteView.Of(address & ~(PageSize - 1), P.Mm.PageTable.GetPte(address));

    /// <summary>The PMD entry covering <paramref name="address"/>: none, a PTE table, or a huge leaf.</summary>
    public PmdView Pmd(long address) => PmdView.Of(address & ~(PageTable.PmdSize - 1), P.Mm.PageTable.GetPmd(address));

    /// <summary>
    /// The entries that map something in [<paramref name="start"/>, start + <paramref name="size"/>),
    /// as <c>show ptes</c> lists them: one per PTE (present or swap), one per huge PMD.
    /// </summary>
    public IReadOnlyList<PteView> Ptes(long start = 0, long size = Machine.TaskSize)
    {
        var end = start + size;
        var pt = P.Mm.PageTable;
        var entries = new List<PteView>();
        foreach (var vma in P.Mm.VmasIn(start, end))
        {
            var to = Math.Min(end, vma.End);
            for (var addr = Math.Max(start, vma.Start) & ~(PageSize - 1); addr < to;)
            {
                var haddr = addr & ~(PageTable.PmdSize - 1);
                var pmd = pt.GetPmd(addr);
                if (pmd.IsHuge || !pmd.IsTable)
                {
                    if (pmd.IsHuge)
                    {
                        entries.Add(PteView.OfPmd(haddr, pmd));
                    }
                    addr = haddr + PageTable.PmdSize;
                    continue;
                }
                for (var next = Math.Min(haddr + PageTable.PmdSize, to); addr < next; addr += PageSize)
                {
                    var pte = pt.GetPte(addr);
                    if (!pte.IsNone)
                    {
                        entries.Add(PteView.Of(addr, pte));
                    }
                }
            }
        }
        return entries;
    }

    /// <summary>The folio mapped at <paramref name="address"/>, or null (nothing mapped, swapped out, or the zero page).</summary>
    public FolioView? Folio(long address)
    {
        var info = M.Lookup(P, address);
        return info.Present && !info.Zero ? new FolioView(_api, M.Memory.Head(info.Pfn)) : null;
    }

    /// <summary>Resident bytes, anonymous and shmem (<c>rss(P)</c>).</summary>
    public long Rss => (P.Mm.AnonPages + P.Mm.ShmemPages) * PageSize;

    /// <summary>Swapped-out bytes (<c>swap(P)</c>).</summary>
    public long Swap => P.Mm.SwapEntries * PageSize;

    /// <summary>MM_ANONPAGES.</summary>
    public long AnonPages => P.Mm.AnonPages;

    /// <summary>MM_SWAPENTS.</summary>
    public long SwapEntries => P.Mm.SwapEntries;

    /// <summary>MMF_HAS_PINNED: some page of this mm was pinned with FOLL_PIN.</summary>
    public bool HasPinned => P.Mm.HasPinned;

    public override string ToString()
    {
        if (M.FindProcess(Name) is not { } p)
        {
            return $"{Name} (exited)";
        }
        return $"{Name} (pid {p.Pid}): {p.Mm.Vmas.Count} vmas, rss {Fmt.Size((p.Mm.AnonPages + p.Mm.ShmemPages) * PageSize)}, swap {Fmt.Size(p.Mm.SwapEntries * PageSize)}";
    }

    private const long PageSize = PageTable.PageSize;
}
