using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Tearing down page-table entries (zap_pmd_range, zap_pte_range, zap_huge_pmd).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// Zap every entry in [start, end) of one VMA: a PMD covered whole is zapped as one; a PMD
    /// covered in part is split first. Pages lose a mapping and a reference; swap entries lose a
    /// swap count (free_swap_and_cache). Page tables stay, unless <paramref name="reclaimPt"/> (MADV_DONTNEED
    /// with CONFIG_PT_RECLAIM) frees a PTE table that a zap of its whole 2M left empty.
    /// </summary>
    internal void ZapVmaRange(Process process, Vma vma, long start, long end, bool reclaimPt = false)
    {
        start = Math.Max(start, vma.Start);
        end = Math.Min(end, vma.End);
        var mm = process.Mm;
        for (var addr = start; addr < end;)
        {
            var haddr = addr & ~(PageTable.PmdSize - 1);
            var next = Math.Min(haddr + PageTable.PmdSize, end);
            var table = mm.PageTable.FindPmdTable(addr);
            if (table is null)
            {
                addr = next;
                continue;
            }
            var pi = PageTable.PmdIndex(addr);
            var pmd = new Pte(table.Pmd[pi]);
            if (pmd.IsHuge)
            {
                if (addr == haddr && next == haddr + PageTable.PmdSize)
                {
                    ZapHugePmd(process, table, pi);
                    addr = next;
                    continue;
                }
                SplitHugePmd(process, vma, haddr, "partial zap");
            }
            if (table.Ptes[pi] is { } ptes)
            {
                ZapPteRange(process, ptes, addr, next);
                // zap_pte_range -> try_to_free_pte when reclaim_pt_is_enabled (the zap covers the whole PMD) (6375e95f381e, 6.14).
                if (reclaimPt && next - addr >= PageTable.PmdSize && Array.TrueForAll(ptes, e => e == 0))
                {
                    mm.PageTable.FreePtes(haddr);
                }
            }
            addr = next;
        }
    }

    /// <summary>zap_huge_pmd: drop the PMD mapping of a THP (or of the huge zero folio).</summary>
    private void ZapHugePmd(Process process, PmdTable table, int pi)
    {
        var pmd = new Pte(table.Pmd[pi]);
        table.Pmd[pi] = 0;
        if (pmd.IsSpecial)
        {
            return;
        }
        var head = pmd.Pfn;
        FolioRemoveRmapPmd(head, process.Mm);
        process.Mm.AnonPages -= HPagePmdNr;
        FolioPut(head);
    }

    /// <summary>zap_pte_range over [start, end) of one PTE table.</summary>
    private void ZapPteRange(Process process, ulong[] ptes, long start, long end)
    {
        var mm = process.Mm;
        for (var addr = start; addr < end; addr += PageTable.PageSize)
        {
            var ti = PageTable.PteIndex(addr);
            var raw = ptes[ti];
            if (raw == 0)
            {
                continue;
            }
            ptes[ti] = 0;
            var pte = new Pte(raw);
            if (pte.IsSwap)
            {
                mm.SwapEntries--;
                FreeSwapAndCache(pte.SwapOffset);
                continue;
            }
            if (pte.IsSpecial)
            {
                continue;
            }
            var pfn = pte.Pfn;
            var head = _s.Memory.Head(pfn);
            if ((_s.Memory.Flags(head) & PageFlags.Shmem) != 0)
            {
                _s.Memory.MapCount(pfn)--;
                mm.ShmemPages--;
            }
            else
            {
                FolioRemoveRmapPtes(head, pfn, 1, mm);
                mm.AnonPages--;
            }
            FolioPut(head);
        }
    }

    /// <summary>
    /// free_swap_and_cache: drop one swap count; when none is left and the swap-cache folio is
    /// mapped by nobody, free the cache too.
    /// </summary>
    internal void FreeSwapAndCache(int offset)
    {
        _s.Swap.Put(offset);
        if (_s.Swap.SwapCount(offset) > 0)
        {
            return;
        }
        var head = _s.Swap.CachedFolio(offset);
        if (head != 0)
        {
            if (!FolioMapped(head))
            {
                FolioFreeSwap(head);
            }
            return;
        }
        _s.Swap.FreeIfUnused(offset);
    }
}
