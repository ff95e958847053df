namespace MmDsl.LiveKernel;

/// <summary>
/// The language's queries answered from the live kernel. Addresses are simulated ones. No query
/// faults except <see cref="Value"/>; on an address with nothing mapped, they answer 0 or false.
/// </summary>
internal sealed class HostQueries(HostCapabilities capabilities)
{
    private const string NoRefcount = "user space has no interface for folio_ref_count (/proc/kpagecount is the mapcount)";
    private const string NoPins = "FOLL_PIN counts are kernel-internal; no /proc or sysfs file exports them";
    private const string NoWriteBit = "/proc/PID/pagemap does not export the PTE write bit";
    private const string TailExclusive = "/proc/kpageflags reports the first page's PG_anon_exclusive for every page of a large folio";

    public HostCapabilities Capabilities => capabilities;

    /// <summary>value(P, ADDR): loads the word, faulting like <c>read</c>.</summary>
    public HostObservation<ulong> Value(HostAgent agent, ulong address) => agent.Read(address) switch
    {
        HostResult<ulong>.Ok ok => HostObservation.Observed(ok.Value),
        HostResult<ulong>.Failed f => HostObservation.Unavailable<ulong>($"the load faulted: {f.Error}"),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>The raw pagemap entry.</summary>
    public HostObservation<PagemapEntry> Entry(HostAgent agent, ulong address) =>
        capabilities.Linux.Available
            ? HostObservation.Observed(Pagemap.ReadOne(agent.Pid, agent.RealAddress(address)))
            : HostObservation.Unavailable<PagemapEntry>(capabilities.Linux.Reason);

    public HostObservation<bool> Present(HostAgent agent, ulong address) => Entry(agent, address).Select(e => e.Present);

    public HostObservation<bool> Swapped(HostAgent agent, ulong address) => Entry(agent, address).Select(e => e.Swapped);

    /// <summary>mapped_exclusive(P, ADDR): pagemap bit 56.</summary>
    public HostObservation<bool> MappedExclusive(HostAgent agent, ulong address) =>
        Entry(agent, address).Select(e => e.Present && e.MappedExclusively);

    public HostObservation<ulong> Pfn(HostAgent agent, ulong address) =>
        Frames() ?? Entry(agent, address).Select(e => e.Pfn);

    /// <summary>mapcount(P, ADDR): /proc/kpagecount of the page's pfn (0 when nothing is mapped).</summary>
    public HostObservation<ulong> MapCount(HostAgent agent, ulong address) =>
        Frames() ?? Pfn(agent, address).Select(pfn => pfn == 0 ? 0 : KPageCount.Read(pfn));

    /// <summary>The page's /proc/kpageflags (None when nothing is mapped).</summary>
    public HostObservation<KPageFlag> Flags(HostAgent agent, ulong address) =>
        Frames<KPageFlag>() ?? Pfn(agent, address).Select(pfn => pfn == 0 ? KPageFlag.None : KPageFlags.Read(pfn));

    /// <summary>thp(P, ADDR): the page belongs to an anonymous large folio of any order.</summary>
    public HostObservation<bool> Thp(HostAgent agent, ulong address) =>
        Flags(agent, address).Select(f => (f & KPageFlag.Thp) != 0);

    /// <summary>order(P, ADDR), from the compound head/tail flags around the pfn.</summary>
    public HostObservation<int> Order(HostAgent agent, ulong address) =>
        Frames<int>() ?? Pfn(agent, address).Select(pfn => pfn == 0 ? 0 : KPageFlags.FolioOrder(pfn));

    /// <summary>pmd_mapped(P, ADDR): PAGEMAP_SCAN's PAGE_IS_HUGE, else smaps when it is unambiguous.</summary>
    public HostObservation<bool> PmdMapped(HostAgent agent, ulong address)
    {
        if (!capabilities.Linux.Available)
            return HostObservation.Unavailable<bool>(capabilities.Linux.Reason);
        ulong real = agent.RealAddress(address);
        if (capabilities.PagemapScan.Available && PagemapScan.At(agent.Pid, real, out _) is { } categories)
            return HostObservation.Observed((categories & PagemapScan.Category.Huge) != 0);
        // smaps' AnonHugePages leaves the huge zero folio out, and only a PMD maps it (a split maps the 4K zero page).
        if (capabilities.PageFrames.Available && Flags(agent, address) is HostObservation<KPageFlag>.Observed { Value: var f }
            && (f & (KPageFlag.ZeroPage | KPageFlag.Thp)) == (KPageFlag.ZeroPage | KPageFlag.Thp))
            return HostObservation.Observed(true);
        return PmdMappedFromSmaps(agent.Pid, real);
    }

    public HostObservation<ulong> RefCount(HostAgent agent, ulong address) => HostObservation.Unobservable<ulong>(NoRefcount);

    public HostObservation<ulong> Pins(HostAgent agent, ulong address) => HostObservation.Unobservable<ulong>(NoPins);

    public HostObservation<bool> Writable(HostAgent agent, ulong address) => HostObservation.Unobservable<bool>(NoWriteBit);

    /// <summary>
    /// anon_exclusive(P, ADDR): PG_anon_exclusive shares its bit with PG_mappedtodisk, which
    /// /proc/kpageflags exports as bit 34 (KPF_MAPPEDTODISK). Exact for small folios and for the
    /// first page of a large folio, and for any page of a PMD-mapped folio (a PMD mapping keeps the
    /// flag on the first page alone, which is read: kernels before the folio rewrite of
    /// stable_page_flags report a tail page's own bit); for the other pages of a PTE-mapped large
    /// folio it is unobservable.
    /// </summary>
    public HostObservation<bool> AnonExclusive(HostAgent agent, ulong address) => Flags(agent, address) switch
    {
        HostObservation<KPageFlag>.Observed { Value: var f } when (f & KPageFlag.Anon) == 0 => HostObservation.Observed(false),
        HostObservation<KPageFlag>.Observed { Value: var f } when (f & KPageFlag.CompoundTail) != 0 =>
            PmdMapped(agent, address) is HostObservation<bool>.Observed { Value: true }
                ? Pfn(agent, address).Select(pfn => (KPageFlags.Read(pfn - ((agent.RealAddress(address) >> 12) & 511)) & KPageFlag.MappedToDisk) != 0)
                : HostObservation.Unobservable<bool>(TailExclusive),
        var other => other.Select(f => (f & KPageFlag.MappedToDisk) != 0),
    };

    /// <summary>
    /// lru_batch(P, ADDR): an anonymous page not on an LRU list (kpageflags without LRU) waits in a
    /// per-CPU LRU-add batch (folio_add_lru leaves PG_lru clear until the batch is drained). Mlocked
    /// pages are on the unevictable list, which sets LRU too; a page isolated for migration or
    /// reclaim would read as waiting, but nothing isolates the script's pages between commands.
    /// </summary>
    public HostObservation<bool> LruBatch(HostAgent agent, ulong address) =>
        Flags(agent, address).Select(f => (f & KPageFlag.Anon) != 0 && (f & (KPageFlag.Lru | KPageFlag.ZeroPage)) == 0);

    /// <summary>swapcache(P, ADDR): the page mapped there is in the swap cache (kpageflags SWAPCACHE).</summary>
    public HostObservation<bool> SwapCache(HostAgent agent, ulong address) =>
        Flags(agent, address).Select(f => (f & KPageFlag.SwapCache) != 0);

    /// <summary>ksm(P, ADDR): the page mapped there is a KSM page (kpageflags KSM, bit 21).</summary>
    public HostObservation<bool> Ksm(HostAgent agent, ulong address) =>
        capabilities.KsmFlag.Available
            ? Flags(agent, address).Select(f => (f & KPageFlag.Ksm) != 0)
            : HostObservation.Unobservable<bool>(capabilities.KsmFlag.Reason);

    /// <summary>rss(P): resident bytes of the script's mappings (the agent's own memory excluded).</summary>
    public HostObservation<ulong> Rss(HostAgent agent) => ScriptVmas(agent).Select(v => v.Aggregate(0UL, (sum, vma) => sum + vma.Rss));

    /// <summary>swap(P): swapped bytes of the script's mappings.</summary>
    public HostObservation<ulong> Swap(HostAgent agent) => ScriptVmas(agent).Select(v => v.Aggregate(0UL, (sum, vma) => sum + vma.Swap));

    /// <summary>The script's VMAs: those in [base, base + span), where the agent maps nothing of its own.</summary>
    public HostObservation<IReadOnlyList<SmapsVma>> ScriptVmas(HostAgent agent) =>
        capabilities.Linux.Available
            ? HostObservation.Observed<IReadOnlyList<SmapsVma>>(
                [.. Smaps.Read(agent.Pid).Where(v => v.Start >= agent.Base && v.Start < agent.Base + HostAgentOptions.ScriptSpan)])
            : HostObservation.Unavailable<IReadOnlyList<SmapsVma>>(capabilities.Linux.Reason);

    /// <summary>stat(NAME) as a change of /proc/vmstat since SINCE (machine-wide).</summary>
    public HostObservation<long> Stat(string name, ProcVmStat since, ProcVmStat now) => name switch
    {
        "cow_copy" or "zero_map" or "unshare" => HostObservation.Unobservable<long>($"the kernel keeps no {name} counter"),
        _ => now.Since(since)[name] is { } delta
            ? HostObservation.Observed(delta)
            : HostObservation.Unavailable<long>($"this kernel's /proc/vmstat has no {name}"),
    };

    private HostObservation<T>? Frames<T>() =>
        capabilities.PageFrames.Available ? null : HostObservation.Unavailable<T>(capabilities.PageFrames.Reason);

    private HostObservation<ulong>? Frames() => Frames<ulong>();

    private static HostObservation<bool> PmdMappedFromSmaps(int pid, ulong real)
    {
        const ulong pmd = 2 << 20;
        var vma = Smaps.Read(pid).FirstOrDefault(v => v.Contains(real));
        if (vma is null || vma.AnonHugePages == 0)
            return HostObservation.Observed(false);
        ulong first = (vma.Start + pmd - 1) & ~(pmd - 1);
        ulong blocks = vma.End > first ? (vma.End - first) / pmd : 0;
        return vma.AnonHugePages == blocks * pmd
            ? HostObservation.Observed(real >= first && real < first + blocks * pmd)
            : HostObservation.Unavailable<bool>("without PAGEMAP_SCAN, smaps counts PMD mappings per VMA only");
    }
}
