using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Write-protect faults on PMD-mapped THPs (mm/huge_memory.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// do_huge_pmd_wp_page: the huge zero folio gets a fresh THP or is split; an anonymous THP is
    /// reused, copied whole (≤5.7) or split so that the PTE fault copies one 4K page.
    /// </summary>
    private FaultResult DoHugePmdWpPage(Process process, Vma vma, long address, AccessKind kind)
    {
        BeginFault();
        var mm = process.Mm;
        var haddr = address & ~(PageTable.PmdSize - 1);
        var table = mm.PageTable.GetPmdTable(haddr);
        var pi = PageTable.PmdIndex(haddr);
        var pmd = new Pte(table.Pmd[pi]);
        var unshare = kind == AccessKind.Unshare;

        if (pmd.IsSpecial)
        {
            return DoHugeZeroWpPmd(process, vma, address, kind);
        }

        var head = pmd.Pfn;
        var ctx = Wp.For(vma, head, unshare, Explain);
        var verdict = Era.DoHugePmdWpPage(ctx);
        switch (verdict)
        {
            case HugeWpVerdict.Reuse:
                SetAnonExclusive(head);
                if (unshare)
                {
                    Stats.Count(VmEvent.Unshare);
                }
                else
                {
                    table.Pmd[pi] = pmd.Value | Pte.Young | Pte.Dirty | ((vma.Flags & VmFlags.Write) != 0 ? Pte.Write : 0);
                }
                EmitFault(process, address, kind, FaultHandler.HugeWp, FaultOutcome.Reuse, head, head, PmdOrder, ctx.Reason);
                return FaultResult.Done;

            case HugeWpVerdict.CopyThp:
                return CopyHugePmd(process, vma, address, kind, ctx);

            default:
                EmitFault(process, address, kind, FaultHandler.HugeWp, FaultOutcome.SplitFallback, head, head, PmdOrder, ctx.Reason);
                SplitHugePmd(process, vma, haddr, "COW fallback");
                return FaultResult.Fallback;
        }
    }

    /// <summary>
    /// do_huge_zero_wp_pmd (6.13+, and the ≤5.7 path): a fresh zeroed THP mapped writable by the
    /// PMD; when the era splits instead, or no THP can be had, the PMD becomes 512 zero-page PTEs.
    /// </summary>
    private FaultResult DoHugeZeroWpPmd(Process process, Vma vma, long address, AccessKind kind)
    {
        var haddr = address & ~(PageTable.PmdSize - 1);
        if (Era.HugeZeroWpAllocatesThp && kind == AccessKind.Write)
        {
            var head = AllocFolio(PmdOrder);
            if (head >= 0)
            {
                EmitDecision(null, "do_huge_zero_wp_pmd", "huge zero page -> new THP", Fact.HugeZeroWpAllocatesThp);
                MapNewAnonPmd(process, vma, haddr, head);
                EmitFault(process, address, kind, FaultHandler.HugeWp, FaultOutcome.NewFolio, HugeZeroPfn, head, PmdOrder, "huge zero page");
                return FaultResult.Done;
            }
            Stats.Count(VmEvent.ThpFaultFallback);
            Stats.Count(PmdOrder, MthpStat.AnonFaultFallback);
        }
        EmitDecision(null, "do_huge_pmd_wp_page", "huge zero pmd -> split, fallback", Fact.HugeWpSplitsPmd);
        EmitFault(process, address, kind, FaultHandler.HugeWp, FaultOutcome.SplitFallback, HugeZeroPfn, HugeZeroPfn, PmdOrder, "huge zero page");
        SplitHugePmd(process, vma, haddr, "huge zero page write");
        return FaultResult.Fallback;
    }

    /// <summary>
    /// do_huge_pmd_wp_page_fallback's big brother (≤5.7): allocate a new THP, copy all 2M, map it
    /// by a writable PMD, and drop this PMD's mapping of the old THP.
    /// </summary>
    private FaultResult CopyHugePmd(Process process, Vma vma, long address, AccessKind kind, WpFolio ctx)
    {
        var mm = process.Mm;
        var haddr = address & ~(PageTable.PmdSize - 1);
        var table = mm.PageTable.GetPmdTable(haddr);
        var pi = PageTable.PmdIndex(haddr);
        var oldHead = new Pte(table.Pmd[pi]).Pfn;
        var head = AllocFolio(PmdOrder);
        if (head < 0)
        {
            // The kernel then tries 512 small copies; splitting lets the PTE fault do one.
            SplitHugePmd(process, vma, haddr, "THP allocation failed");
            return FaultResult.Fallback;
        }
        for (var i = 0; i < HPagePmdNr; i++)
        {
            _s.Memory.CopyContents(oldHead + i, head + i);
        }
        Stats.Count(VmEvent.CowCopy, HPagePmdNr);
        FolioRemoveRmapPmd(oldHead, mm);
        FolioPut(oldHead);
        mm.AnonPages -= HPagePmdNr;
        MapNewAnonPmd(process, vma, haddr, head);
        EmitFault(process, address, kind, FaultHandler.HugeWp, FaultOutcome.CopyFolio, oldHead, head, PmdOrder, ctx.Reason);
        return FaultResult.Done;
    }
}
