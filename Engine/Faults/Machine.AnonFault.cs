using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Faults on untouched anonymous memory (do_anonymous_page, do_huge_pmd_anonymous_page).</summary>
internal sealed partial class Machine
{
    /// <summary>
    /// thp_vma_allowable_order + thp_vma_suitable_order for the PMD order: THP enabled for this VMA
    /// by sysfs and madvise, and the aligned 2M range lies inside it.
    /// </summary>
    public bool ThpSuitable(Vma vma, long address)
    {
        if (vma.Shmem != 0 || !ThpAllowed(vma, PmdOrder))
        {
            return false;
        }
        var haddr = address & ~(PageTable.PmdSize - 1);
        return haddr >= vma.Start && haddr + PageTable.PmdSize <= vma.End;
    }

    /// <summary>__thp_vma_allowable_orders: the sysfs setting for this order, and VM_HUGEPAGE/VM_NOHUGEPAGE.</summary>
    public bool ThpAllowed(Vma vma, int order)
    {
        if ((vma.Flags & VmFlags.NoHugePage) != 0)
        {
            return false;
        }
        ThpMode mode;
        if (!Era.HasMthp)
        {
            if (order != PmdOrder)
            {
                return false;
            }
            mode = Settings.Thp;
        }
        else
        {
            mode = Settings.ThpPerOrder[order];
            if (mode == ThpMode.Inherit)
            {
                mode = Settings.Thp;
            }
        }
        return mode switch
        {
            ThpMode.Always => true,
            ThpMode.Madvise => (vma.Flags & VmFlags.HugePage) != 0,
            _ => false,
        };
    }

    /// <summary>do_huge_pmd_anonymous_page: the huge zero folio on a read fault, else a new PMD-mapped THP.</summary>
    private FaultResult DoHugePmdAnonymousPage(Process process, Vma vma, long address, AccessKind kind)
    {
        BeginFault();
        var mm = process.Mm;
        var haddr = address & ~(PageTable.PmdSize - 1);
        AnonVmaPrepare(mm, vma);
        var table = mm.PageTable.GetPmdTable(haddr);
        var pi = PageTable.PmdIndex(haddr);
        if (kind == AccessKind.Read && Settings.UseZeroPage)
        {
            EmitDecision(HugeZeroStep);
            mm.UsesHugeZero = true;
            table.Pmd[pi] = Pte.Make(HugeZeroPfn, Pte.Huge | Pte.Special | Pte.Young).Value;
            Stats.Count(VmEvent.ZeroMap);
            EmitFault(process, address, kind, FaultHandler.HugeAnon, FaultOutcome.HugeZeroPage, 0, HugeZeroPfn, PmdOrder,
                "read fault, use_zero_page");
            return FaultResult.Done;
        }
        var head = AllocFolio(PmdOrder);
        if (head < 0)
        {
            Stats.Count(VmEvent.ThpFaultFallback);
            Stats.Count(PmdOrder, MthpStat.AnonFaultFallback);
            return FaultResult.Fallback;
        }
        EmitDecision(kind == AccessKind.Read ? NewThpOnReadStep : NewThpStep);
        MapNewAnonPmd(process, vma, haddr, head);
        EmitFault(process, address, kind, FaultHandler.HugeAnon, FaultOutcome.NewFolio, 0, head, PmdOrder, string.Empty);
        return FaultResult.Done;
    }

    /// <summary>map_anon_folio_pmd: rmap, LRU, a writable dirty PMD, MM_ANONPAGES and THP_FAULT_ALLOC.</summary>
    private void MapNewAnonPmd(Process process, Vma vma, long haddr, int head)
    {
        var mm = process.Mm;
        FolioAddNewAnonRmap(head, vma, haddr, mm, pmdMapped: true, exclusive: true);
        LruAdd(head);
        var bits = Pte.Huge | Pte.Dirty | Pte.Young | ((vma.Flags & VmFlags.Write) != 0 ? Pte.Write : 0);
        var table = mm.PageTable.GetPmdTable(haddr);
        var pi = PageTable.PmdIndex(haddr);
        if (table.Ptes[pi] is not null)
        {
            mm.PageTable.FreePtes(haddr);
        }
        table.Pmd[pi] = Pte.Make(head, bits).Value;
        mm.AnonPages += HPagePmdNr;
        Stats.Count(VmEvent.ThpFaultAlloc);
        Stats.Count(PmdOrder, MthpStat.AnonFaultAlloc);
    }

    // The explanations of the commonest faults, shared: a range access makes a million of them.
    private static readonly DecisionEvent ZeroPageStep = new(null, new("do_anonymous_page", "read fault -> map the zero page"), null);
    private static readonly DecisionEvent NewPageStep = new(null, new("do_anonymous_page", "write fault -> new page"), null);
    private static readonly DecisionEvent HugeZeroStep = new(null, new("do_huge_pmd_anonymous_page", "read fault, use_zero_page -> map the huge zero folio"), null);
    private static readonly DecisionEvent NewThpStep = new(null, new("do_huge_pmd_anonymous_page", "write fault, THP enabled for the range -> new THP"), null);
    private static readonly DecisionEvent NewThpOnReadStep = new(null, new("do_huge_pmd_anonymous_page", "read fault, use_zero_page off -> new THP"), null);

    /// <summary>do_anonymous_page: the zero page on a read fault, else a new zeroed folio (mTHP from 6.8).</summary>
    private FaultResult DoAnonymousPage(Process process, Vma vma, long address, AccessKind kind, ulong[] ptes)
    {
        BeginFault();
        var mm = process.Mm;
        var ti = PageTable.PteIndex(address);
        if (kind == AccessKind.Read)
        {
            EmitDecision(ZeroPageStep);
            ptes[ti] = Pte.Make(ZeroPfn, Pte.Special | Pte.Young).Value;
            Stats.Count(VmEvent.ZeroMap);
            EmitFault(process, address, kind, FaultHandler.Anon, FaultOutcome.ZeroPage, 0, ZeroPfn, 0, "read fault");
            return FaultResult.Done;
        }
        AnonVmaPrepare(mm, vma);
        var order = AnonFolioOrder(vma, address, ptes);
        var head = order > 0 ? AllocFolio(order) : -1;
        if (head < 0)
        {
            Stats.Count(order, MthpStat.AnonFaultFallback);
            order = 0;
            head = AllocFolio(0);
            if (head < 0)
            {
                EmitFault(process, address, kind, FaultHandler.Anon, FaultOutcome.Oom, 0, 0, 0, "out of memory");
                return FaultResult.Oom;
            }
        }
        if (order > 0)
        {
            if (Explain)
            {
                EmitDecision(null, "alloc_anon_folio", $"write fault, mTHP order {order} enabled and the range is empty -> new folio", Fact.HasMthp);
            }
        }
        else
        {
            EmitDecision(NewPageStep);
        }
        var nr = 1 << order;
        var start = address & ~((long)nr * PageTable.PageSize - 1);
        _s.Memory.RefCount(head) = nr;
        FolioAddNewAnonRmap(head, vma, start, mm, pmdMapped: false, exclusive: true);
        LruAdd(head);
        var bits = Pte.Dirty | Pte.Young | ((vma.Flags & VmFlags.Write) != 0 ? Pte.Write : 0);
        var first = PageTable.PteIndex(start);
        for (var i = 0; i < nr; i++)
        {
            ptes[first + i] = Pte.Make(head + i, bits).Value;
        }
        mm.AnonPages += nr;
        // alloc_anon_folio counts a multi-size THP per size only (MTHP_STAT_ANON_FAULT_ALLOC), not in /proc/vmstat
        Stats.Count(order, MthpStat.AnonFaultAlloc);
        EmitFault(process, address, kind, FaultHandler.Anon, order > 0 ? FaultOutcome.NewFolio : FaultOutcome.NewPage,
            0, head + (int)((address - start) >> PageTable.PageShift), order, "write fault");
        return FaultResult.Done;
    }

    /// <summary>
    /// alloc_anon_folio (6.8+): the highest enabled mTHP order below the PMD order whose naturally
    /// aligned range lies in the VMA and has no PTE populated yet; 0 for a small page.
    /// </summary>
    private int AnonFolioOrder(Vma vma, long address, ulong[] ptes)
    {
        if (!_hasMthp || (vma.Flags & VmFlags.NoHugePage) != 0)
        {
            return 0;
        }
        for (var order = PmdOrder - 1; order >= 2; order--)
        {
            if (!ThpAllowed(vma, order))
            {
                continue;
            }
            var size = PageTable.PageSize << order;
            var start = address & ~(size - 1);
            if (start < vma.Start || start + size > vma.End)
            {
                continue;
            }
            var first = PageTable.PteIndex(start);
            var none = true;
            for (var i = 0; i < 1 << order && none; i++)
            {
                none = ptes[first + i] == 0;
            }
            if (none)
            {
                return order;
            }
        }
        return 0;
    }
}
