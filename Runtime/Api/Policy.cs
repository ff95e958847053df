using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Api;

/// <summary>
/// A kernel rule of your own: a policy derives from a kernel version (<see cref="Base"/>) and
/// overrides some of the decisions on which eras differ; every other decision, and every fact,
/// stays the base kernel's. Each method's default asks the base kernel (<c>base.WriteFault(f)</c>
/// does the same). Written in a script as <c>policy NAME : VERSION { members }</c>, or as a class
/// in a file read by <c>policy load FILE.cs</c>, and selected with <c>kernel NAME</c>
/// (docs/policies.md).
/// </summary>
public abstract class Policy
{
    /// <summary>The name <c>kernel NAME</c> selects it by.</summary>
    public abstract string Name { get; }

    /// <summary>The kernel version it derives from (<c>5.16</c>, <c>6.18</c>, <c>latest</c>).</summary>
    public abstract string Base { get; }

    /// <summary>do_wp_page for an anonymous page mapped read-only by a PTE: reuse it, or copy it.</summary>
    public virtual WriteDecision WriteFault(WriteFault fault) => fault.Kernel();

    /// <summary>do_huge_pmd_wp_page for a PMD-mapped anonymous THP: reuse, split the PMD, or copy 2M.</summary>
    public virtual HugeWriteDecision HugeWriteFault(WriteFault fault) => fault.KernelHuge();

    /// <summary>do_swap_page: how to map the page a swap fault brought back.</summary>
    public virtual SwapInMapping SwapIn(SwapInFault fault) => fault.Kernel();

    /// <summary>copy_present_pte / copy_huge_pmd: must the child get its own copy of this page now?</summary>
    public virtual bool ForkCopies(ForkedPage page) => page.Kernel();

    /// <summary>gup_must_unshare: must this R/O pin unshare the page first (FAULT_FLAG_UNSHARE)?</summary>
    public virtual bool PinUnshares(PinnedPage page) => page.Kernel();

    public override string ToString() => $"policy {Name} : {Base}";
}

/// <summary>What a write fault on an anonymous page does with it.</summary>
public enum WriteDecision
{
    /// <summary>wp_page_reuse: map the same page writable.</summary>
    Reuse,
    /// <summary>wp_page_copy: a new page for the writer.</summary>
    Copy,
}

/// <summary>What a write fault on a PMD-mapped THP does with it.</summary>
public enum HugeWriteDecision
{
    /// <summary>Map the PMD writable.</summary>
    Reuse,
    /// <summary>Split the PMD and let the PTE fault decide for the 4K page (5.8+).</summary>
    Split,
    /// <summary>Allocate a new THP and copy 2M (the &lt;= 5.7 way).</summary>
    Copy,
}

/// <summary>How a swapped-in page is mapped: writable (a write fault reuses it at once), exclusive (PG_anon_exclusive, 5.19+).</summary>
public readonly record struct SwapInMapping(bool Writable, bool Exclusive);

/// <summary>
/// The folio a write (or unshare) fault hit, as do_wp_page sees it with the page table locked: its
/// counts, what the rule may do on the way (drain the LRU-add batch, free the swap cache, move the
/// anon_vma), the base kernel's decision, and the policy's own (recorded in the trace).
/// </summary>
public sealed class WriteFault
{
    private readonly IWpFolio _folio;
    private readonly EraPolicy _era;
    private readonly string _policy;

    internal WriteFault(IWpFolio folio, EraPolicy era, string policy)
    {
        _folio = folio;
        _era = era;
        _policy = policy;
    }

    /// <summary>An unshare fault (a R/O pin asking for an exclusive page), not a write.</summary>
    public bool Unshare => _folio.Unshare;

    /// <summary>PageKsm.</summary>
    public bool IsKsm => _folio.IsKsm;

    /// <summary>folio_ref_count.</summary>
    public int RefCount => _folio.RefCount;

    /// <summary>page_mapcount of the faulting page (its PTE mappings plus PMD mappings of the folio).</summary>
    public int PageMapCount => _folio.PageMapCount;

    /// <summary>folio_mapcount: every mapping of the folio (a PMD counts 1).</summary>
    public int FolioMapCount => _folio.FolioMapCount;

    /// <summary>PMD mappings of the folio.</summary>
    public int EntireMapCount => _folio.EntireMapCount;

    public bool IsLarge => _folio.IsLarge;

    public int NrPages => _folio.NrPages;

    /// <summary>PG_anon_exclusive of the faulting page (always false before 5.19).</summary>
    public bool PageAnonExclusive => _folio.PageAnonExclusive;

    /// <summary>The folio may be mapped by more than one MM (6.15+ MM owner tracking).</summary>
    public bool MaybeMappedShared => _folio.MaybeMappedShared;

    public bool InSwapCache => _folio.InSwapCache;

    /// <summary>PG_lru: false while the folio waits in a per-CPU LRU-add batch (which holds a reference).</summary>
    public bool OnLru => _folio.OnLru;

    /// <summary>Swap PTEs still pointing at the folio's swap entry.</summary>
    public int SwapCount => _folio.SwapCount;

    /// <summary>page_trans_huge_map_swapcount (what reuse_swap_page tested up to 5.17).</summary>
    public int MapSwapCount => _folio.MapSwapCount;

    /// <summary>
    /// Entries of the locked page table that map pages of this folio (a PMD fault: 1): what a rule
    /// learns by scanning the page table it holds, without an rmap walk.
    /// </summary>
    public int MappingsInPageTable => _folio.MappingsInPageTable;

    /// <summary>lru_add_drain on this CPU: the batch's reference goes.</summary>
    public void LruAddDrain() => _folio.LruAddDrain();

    /// <summary>folio_free_swap: leave the swap cache if no swap PTE uses the entry; true if it left.</summary>
    public bool FreeSwap() => _folio.FreeSwap();

    /// <summary>folio_move_anon_rmap: the folio now belongs to the faulting VMA's anon_vma (do this before reusing a small folio).</summary>
    public void MoveAnonRmap() => _folio.MoveAnonRmap();

    /// <summary>The base kernel's do_wp_page, with its own trace.</summary>
    public WriteDecision Kernel() => _era.DoWpPage(_folio) == WpVerdict.Reuse ? WriteDecision.Reuse : WriteDecision.Copy;

    /// <summary>The base kernel's do_huge_pmd_wp_page, with its own trace.</summary>
    public HugeWriteDecision KernelHuge() => _era.DoHugePmdWpPage(_folio) switch
    {
        HugeWpVerdict.Reuse => HugeWriteDecision.Reuse,
        HugeWpVerdict.CopyThp => HugeWriteDecision.Copy,
        _ => HugeWriteDecision.Split,
    };

    /// <summary>Reuse, saying why (the trace and the fault's line show it).</summary>
    public WriteDecision Reuse(string why)
    {
        _folio.Note($"policy {_policy}", $"{why} -> wp_page_reuse");
        return WriteDecision.Reuse;
    }

    /// <summary>Copy, saying why.</summary>
    public WriteDecision Copy(string why)
    {
        _folio.Note($"policy {_policy}", $"{why} -> wp_page_copy");
        return WriteDecision.Copy;
    }

    /// <summary>A PMD fault's decision, saying why.</summary>
    public HugeWriteDecision Huge(HugeWriteDecision decision, string why)
    {
        _folio.Note($"policy {_policy}", $"{why} -> {decision.ToString().ToLowerInvariant()}");
        return decision;
    }
}

/// <summary>The page a swap fault brought back, as do_swap_page sees it, and the steps it may take.</summary>
public sealed class SwapInFault
{
    private readonly ISwapInFolio _folio;
    private readonly EraPolicy _era;
    private readonly string _policy;

    internal SwapInFault(ISwapInFolio folio, EraPolicy era, string policy)
    {
        _folio = folio;
        _era = era;
        _policy = policy;
    }

    /// <summary>A write fault (not a read).</summary>
    public bool Write => _folio.Write;

    /// <summary>The VMA allows writing.</summary>
    public bool VmWrite => _folio.VmWrite;

    /// <summary>The page came from the swap cache (not a fresh page that bypassed it).</summary>
    public bool FromSwapCache => _folio.FromSwapCache;

    /// <summary>pte_swp_exclusive of the swap PTE (5.19+).</summary>
    public bool SwpExclusive => _folio.SwpExclusive;

    /// <summary>folio_ref_count, this fault's reference included.</summary>
    public int RefCount => _folio.RefCount;

    public int NrPages => _folio.NrPages;

    public bool InSwapCache => _folio.InSwapCache;

    public bool OnLru => _folio.OnLru;

    /// <summary>Mappings of the page plus its swap count.</summary>
    public int MapSwapCount => _folio.MapSwapCount;

    /// <summary>More than half of swap is in use.</summary>
    public bool SwapFull => _folio.SwapFull;

    public void LruAddDrain() => _folio.LruAddDrain();

    /// <summary>swap_free: drop this PTE's swap count. A rule that does not ask <see cref="Kernel"/> must call it once.</summary>
    public void SwapFree() => _folio.SwapFree();

    /// <summary>try_to_free_swap: leave the swap cache if no swap PTE uses the slot; true if it left.</summary>
    public bool FreeSwap() => _folio.FreeSwap();

    /// <summary>The base kernel's do_swap_page (which calls swap_free itself), with its own trace.</summary>
    public SwapInMapping Kernel()
    {
        var d = _era.DoSwapPage(_folio);
        return new SwapInMapping(d.Writable, d.Exclusive);
    }

    /// <summary>Map the page so, saying why.</summary>
    public SwapInMapping Map(bool writable, bool exclusive, string why)
    {
        _folio.Note($"policy {_policy}", $"{why} -> map {(writable ? "writable" : "read-only")}{(exclusive ? ", exclusive" : "")}");
        return new SwapInMapping(writable, exclusive);
    }
}

/// <summary>A page fork is about to share with the child, as copy_present_pte sees it.</summary>
public sealed class ForkedPage
{
    private readonly ForkPage _page;
    private readonly EraPolicy _era;

    internal ForkedPage(ForkPage page, EraPolicy era)
    {
        _page = page;
        _era = era;
    }

    public bool IsAnon => _page.IsAnon;

    public bool PageAnonExclusive => _page.PageAnonExclusive;

    /// <summary>A private writable mapping (is_cow_mapping).</summary>
    public bool CowMapping => _page.CowMapping;

    /// <summary>The parent's MM has pinned pages (MMF_HAS_PINNED).</summary>
    public bool ParentHasPinned => _page.SrcHasPinned;

    /// <summary>folio_maybe_dma_pinned.</summary>
    public bool MaybeDmaPinned => _page.MaybeDmaPinned;

    /// <summary>The base kernel's answer.</summary>
    public bool Kernel() => _era.ForkCopiesPage(_page);
}

/// <summary>A page a R/O pin or GUP is about to take, as gup_must_unshare sees it.</summary>
public sealed class PinnedPage
{
    private readonly GupPage _page;
    private readonly EraPolicy _era;

    internal PinnedPage(GupPage page, EraPolicy era)
    {
        _page = page;
        _era = era;
    }

    /// <summary>FOLL_PIN (not FOLL_GET).</summary>
    public bool Pin => _page.Pin;

    public bool Write => _page.Write;

    /// <summary>FOLL_LONGTERM.</summary>
    public bool LongTerm => _page.LongTerm;

    public bool IsAnon => _page.IsAnon;

    public bool PageAnonExclusive => _page.PageAnonExclusive;

    /// <summary>A private writable mapping (is_cow_mapping).</summary>
    public bool CowMapping => _page.CowMapping;

    /// <summary>The base kernel's answer.</summary>
    public bool Kernel() => _era.GupMustUnshare(_page);
}
