using MmDsl.Engine.Eras;

namespace MmDsl.Engine.Events;

/// <summary>Something the engine did, with its reason. The interpreter formats these; the engine never prints.</summary>
internal abstract record EngineEvent;

/// <summary>One step of a decision: the kernel function and the condition it tested, in words.</summary>
internal sealed record TraceStep(string Function, string Condition)
{
    public override string ToString() => $"{Function}: {Condition}";
}

/// <summary>Read, write, or the unshare fault a R/O pin triggers.</summary>
internal enum AccessKind
{
    Read,
    Write,
    Unshare,
}

/// <summary>The fault handler that ran.</summary>
internal enum FaultHandler
{
    /// <summary>do_anonymous_page</summary>
    Anon,
    /// <summary>do_huge_pmd_anonymous_page</summary>
    HugeAnon,
    /// <summary>do_wp_page</summary>
    Wp,
    /// <summary>do_huge_pmd_wp_page</summary>
    HugeWp,
    /// <summary>do_swap_page</summary>
    Swap,
    /// <summary>do_shared_fault / shmem_fault</summary>
    Shmem,
    /// <summary>do_read_fault / do_cow_fault on a private file mapping</summary>
    File,
}

/// <summary>What a fault ended in.</summary>
internal enum FaultOutcome
{
    ZeroPage,
    HugeZeroPage,
    NewPage,
    NewFolio,
    Copy,
    /// <summary>A write fault on the zero page: wp_page_copy gives a new zeroed page (no vm_normal_page to copy from).</summary>
    CopyZero,
    CopyFolio,
    Reuse,
    SplitFallback,
    SwapIn,
    MapShared,
    /// <summary>A page-cache page mapped read-only into a private mapping (do_read_fault).</summary>
    MapFile,
    Oom,
}

/// <summary>
/// A page fault and what it ended in. The machine records it where the fault began, so that the
/// decisions taken during the fault (<see cref="DecisionEvent"/>) and what they caused (an LRU
/// drain, a PMD split, a deferred split) follow it in the order they happened.
/// </summary>
internal sealed record FaultEvent(
    string Process,
    long Address,
    AccessKind Access,
    FaultHandler Handler,
    FaultOutcome Outcome,
    int OldPfn,
    int NewPfn,
    int Order,
    string Reason) : EngineEvent;

/// <summary>An access the kernel answers with SIGSEGV (no VMA, or no permission).</summary>
/// <summary>An access that faulted with SIGSEGV, or with SIGBUS (<paramref name="Bus"/>: past the end of a mapped file).</summary>
internal sealed record SegvEvent(string Process, long Address, AccessKind Access, string Reason, bool Bus = false) : EngineEvent;

/// <summary>A PMD mapping split into PTEs (split_huge_pmd).</summary>
internal sealed record PmdSplitEvent(string Process, long Address, int Pfn, string Reason) : EngineEvent;

/// <summary>fork gave the child its own copy of a page at once (early COW of a maybe-pinned page).</summary>
internal sealed record ForkCopyEvent(string Child, long Address, int OldPfn, int NewPfn, string Reason) : EngineEvent;

/// <summary>
/// One step of a decision, recorded when it is taken, before what it causes: the function, the
/// condition in words, and the entry of the facts table whose rule decided (its versions and
/// commit; null for a rule every modelled kernel shares). <paramref name="Process"/> names the
/// process for steps outside a fault (fork, GUP); null inside one.
/// </summary>
internal sealed record DecisionEvent(string? Process, TraceStep Step, EraFact? Rule) : EngineEvent;

/// <summary>A folio went back to the allocator.</summary>
internal sealed record FolioFreedEvent(int Pfn, int Order) : EngineEvent;

/// <summary>A large folio was queued for deferred split (partially mapped).</summary>
internal sealed record DeferredSplitEvent(int Pfn, string Reason) : EngineEvent;

/// <summary>lru_add_drain emptied the per-CPU LRU-add batch.</summary>
internal sealed record LruDrainEvent(int Pages, string Reason) : EngineEvent;

/// <summary>
/// What reclaim did with one folio: swapped out, discarded, kept (and why), split. <paramref name="Rule"/>
/// is the facts table's entry whose rule kept or skipped it, when one did.
/// </summary>
internal sealed record ReclaimEvent(int Pfn, int Order, ReclaimResult Result, string Reason, EraFact? Rule = null) : EngineEvent;

internal enum ReclaimResult
{
    SwappedOut,
    Discarded,
    Kept,
    Skipped,
    Split,
}

/// <summary>A large folio split into small folios (split_huge_page), or a refusal to split.</summary>
internal sealed record FolioSplitEvent(int Pfn, int Order, bool Split, string Reason) : EngineEvent;

/// <summary>The outcome of a collapse attempt (MADV_COLLAPSE or khugepaged) on one PMD range.</summary>
internal sealed record CollapseEvent(string Process, long Address, bool Collapsed, ScanResult Result, string Detail, int Pfn) : EngineEvent;

/// <summary>A folio moved to new page frames, or a refusal.</summary>
internal sealed record MigrateEvent(int OldPfn, int NewPfn, int Order, bool Moved, string Reason) : EngineEvent;
