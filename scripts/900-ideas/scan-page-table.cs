// The seed thread's idea ("mm: reuse the unshared swapcache page in do_wp_page", January 2022) as
// a policy over 5.16: for a write to a R/O PTE-mapped THP, "scan the currently locked page table
// for entries mapping this same page. If page_count() corresponds to that value, we know that
// only we are mapping the THP." Loaded by scan-page-table.mm and scan-page-table-explore.mm.
sealed class Scan : Policy
{
    public override string Name => "scan";

    public override string Base => "5.16";

    public override WriteDecision WriteFault(WriteFault f)
    {
        // KSM folios and folios in the swap cache keep 5.16's rule.
        if (!f.IsLarge || f.IsKsm || f.InSwapCache)
            return base.WriteFault(f);
        // The LRU-add batch holds a reference too: drain it first, as 5.18 does for small pages (53a05ad9f21d).
        if (!f.OnLru)
            f.LruAddDrain();
        return f.RefCount == f.MappingsInPageTable
            ? f.Reuse($"refcount {f.RefCount} == {f.MappingsInPageTable} PTEs of this page table map the THP")
            : base.WriteFault(f);
    }
}
