using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Splitting a PMD mapping into PTEs (__split_huge_pmd_locked, mm/huge_memory.c).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// __split_huge_pmd: the PMD at <paramref name="haddr"/> becomes a table of 512 PTEs mapping the
    /// same pages with the PMD's write, dirty, young and soft-dirty bits. The folio stays whole:
    /// refcount +511, each page's mapcount +1, entire mapcount -1, and PG_anon_exclusive of the
    /// head is propagated to every page. The huge zero PMD becomes 512 zero-page PTEs.
    /// </summary>
    public bool SplitHugePmd(Process process, Vma vma, long haddr, string reason)
    {
        haddr &= ~(PageTable.PmdSize - 1);
        var mm = process.Mm;
        var table = mm.PageTable.FindPmdTable(haddr);
        if (table is null)
        {
            return false;
        }
        var pi = PageTable.PmdIndex(haddr);
        var pmd = new Pte(table.Pmd[pi]);
        if (!pmd.IsHuge)
        {
            return false;
        }
        // __split_huge_pmd_locked counts THP_SPLIT_PMD before its huge-zero early return (eef1b3ba053a, 4.5).
        Stats.Count(VmEvent.ThpSplitPmd);
        var ptes = new ulong[PageTable.PtrsPerTable];
        if (pmd.IsSpecial)
        {
            for (var i = 0; i < ptes.Length; i++)
            {
                ptes[i] = Pte.Make(ZeroPfn, Pte.Special | (pmd.Value & Pte.Young)).Value;
            }
            mm.PageTable.InstallPtes(haddr, ptes);
            Emit(process, haddr, HugeZeroPfn, reason);
            return true;
        }

        var head = pmd.Pfn;
        if (pmd.IsDirty)
        {
            _s.Memory.Set(head, PageFlags.Dirty);
        }
        var exclusive = IsAnonExclusive(head);
        var bits = pmd.Value & (Pte.Write | Pte.Dirty | Pte.Young | Pte.SoftDirty);
        FolioGet(head, HPagePmdNr - 1);
        FolioAddRmapPtes(head, head, HPagePmdNr, mm);
        if (exclusive)
        {
            for (var i = 0; i < HPagePmdNr; i++)
            {
                SetAnonExclusive(head + i);
            }
        }
        for (var i = 0; i < ptes.Length; i++)
        {
            ptes[i] = Pte.Make(head + i, bits).Value;
        }
        mm.PageTable.InstallPtes(haddr, ptes);
        FolioRemoveRmapPmd(head, mm);
        Emit(process, haddr, head, reason);
        return true;

        void Emit(Process p, long address, int pfn, string why)
        {
            if (Explain)
            {
                this.Emit(new PmdSplitEvent(p.Name, address, pfn, why));
            }
        }
    }

    /// <summary>split_huge_pmd_address for every PMD mapping that straddles <paramref name="address"/> (vma_adjust_trans_huge).</summary>
    internal void SplitHugePmdIfStraddles(Process process, long address, string reason)
    {
        if ((address & (PageTable.PmdSize - 1)) == 0)
        {
            return;
        }
        var vma = process.Mm.FindVma(address);
        var pmd = process.Mm.PageTable.GetPmd(address);
        if (vma is not null && pmd.IsHuge)
        {
            SplitHugePmd(process, vma, address, reason);
        }
    }
}
