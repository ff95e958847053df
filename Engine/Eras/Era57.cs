namespace MmDsl.Engine.Eras;

/// <summary>
/// ≤ 5.7: COW decided by mapcount and swap count (reuse_swap_page); refcount is ignored, so GUP
/// references never prevent reuse (CVE-2020-29374). THP COW copies the whole 2M.
/// Checked: do_wp_page and reuse_swap_page from the 5.7 source as linux-cow-eras.md 4.1 quotes
/// it; the 2M copy in do_huge_pmd_wp_page from the diff of 3917c80280c9 (4.2). The fallback to
/// 512 small copies when no THP can be had is modelled as a PMD split and one 4K copy.
/// </summary>
public class Era57 : EraPolicy
{
    public Era57(KernelVersion version)
        : base(version)
    {
    }

    public override string Name => "<=5.7";

    public override string Range => "up to 5.7";

    public override string Summary => "mapcount COW (reuse_swap_page); THP COW copies 2M";

    public override bool CountsPgReuse => false;

    /// <summary>
    /// do_wp_page 5.7: lock the page, then reuse_swap_page: reuse iff
    /// page_trans_huge_map_swapcount &lt;= 1, dropping the swap cache when the count is 1.
    /// </summary>
    public override WpVerdict DoWpPage(IWpFolio folio) => ReuseSwapPage(folio, "do_wp_page", "wp_page_reuse", "wp_page_copy");

    /// <summary>do_huge_pmd_wp_page 5.7: reuse_swap_page on the head page, else a new THP with a 2M copy.</summary>
    public override HugeWpVerdict DoHugePmdWpPage(IWpFolio folio) =>
        ReuseSwapPage(folio, "do_huge_pmd_wp_page", "reuse pmd", "copy 2M into a new THP") == WpVerdict.Reuse ? HugeWpVerdict.Reuse : HugeWpVerdict.CopyThp;

    /// <summary>reuse_swap_page (mm/swapfile.c, ≤5.17).</summary>
    protected static WpVerdict ReuseSwapPage(IWpFolio folio, string caller, string reuse, string copy)
    {
        var count = folio.MapSwapCount;
        if (count == 1 && folio.InSwapCache && (!folio.IsLarge || folio.SwapCount <= 1))
        {
            folio.Step("reuse_swap_page", $"map+swap count 1, in swap cache -> delete_from_swap_cache");
            folio.DeleteFromSwapCache();
        }
        if (count <= 1)
        {
            folio.Step(caller, $"reuse_swap_page: map+swap count {count} <= 1 (refcount {folio.RefCount} ignored) -> {reuse}");
            if (folio.FolioMapCount + folio.SwapCount == 1)
            {
                folio.MoveAnonRmap();
            }
            return WpVerdict.Reuse;
        }
        folio.Step(caller, $"reuse_swap_page: map+swap count {count} > 1 -> {copy}");
        return WpVerdict.Copy;
    }
}
