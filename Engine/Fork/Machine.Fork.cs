using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>fork: dup_mmap and copy_page_range (kernel/fork.c, mm/memory.c, mm/huge_memory.c).</summary>
internal sealed partial class Machine
{
    /// <summary>Fork <paramref name="parent"/> into a new process <paramref name="childName"/>.</summary>
    public Result<Process> Fork(Process parent, string childName)
    {
        Enter(parent);
        if (FindProcess(childName) is not null)
        {
            return Result<Process>.Fail(Errno.EEXIST, $"process {childName} exists");
        }
        if (AllocPid() is not { } pid)
        {
            return Result<Process>.Fail(Errno.EAGAIN, $"pid_max: {PidMap.PidMax} pids in use");
        }
        var child = new Process(childName, pid, parent.Pid, new MmStruct(_s.PidMap.AllocMmId()));
        AddProcess(child);
        child.Mm.CopyLabelsFrom(parent.Mm);
        KsmFork(parent.Mm, child.Mm);
        foreach (var vma in parent.Mm.Vmas)
        {
            DupVma(parent, child, vma);
        }
        return child;
    }

    /// <summary>dup_mmap for one VMA: skip VM_DONTCOPY, give VM_WIPEONFORK a fresh empty VMA, else anon_vma_fork and copy_page_range.</summary>
    private void DupVma(Process parent, Process child, Vma vma)
    {
        if ((vma.Flags & VmFlags.DontCopy) != 0)
        {
            TraceStep(child, "dup_mmap", $"0x{vma.Start:x}-0x{vma.End:x} VM_DONTCOPY -> not copied");
            return;
        }
        var copy = vma.Clone();
        // dup_mmap: a child does not inherit mlock (VM_LOCKED is cleared in its copy).
        copy.Flags &= ~VmFlags.Locked;
        if (copy.Shmem != 0)
        {
            _s.Shmem[copy.Shmem].Users++;
        }
        if ((vma.Flags & VmFlags.WipeOnFork) != 0)
        {
            copy.AnonVma = 0;
            copy.AnonVmaChain = [];
            child.Mm.InsertVma(copy);
            TraceStep(child, "dup_mmap", $"0x{vma.Start:x}-0x{vma.End:x} VM_WIPEONFORK -> empty in the child");
            return;
        }
        if (vma.AnonVma != 0)
        {
            // anon_vma_fork: the child's VMA chains to the parent's anon_vmas plus one of its own.
            var own = NewAnonVma(parent: vma.AnonVma);
            copy.AnonVmaChain = [.. vma.AnonVmaChain, own];
            copy.AnonVma = own;
        }
        child.Mm.InsertVma(copy);
        // vma_needs_copy (kernel/fork.c, mm/memory.c): only anonymous memory that was ever faulted (it has an anon_vma).
        if (vma.AnonVma == 0)
        {
            TraceStep(child, "vma_needs_copy", $"0x{vma.Start:x}-0x{vma.End:x} no anon_vma -> page tables not copied, the child faults its own");
            return;
        }
        TraceStep(child, "vma_needs_copy", $"0x{vma.Start:x}-0x{vma.End:x} anon_vma -> copy_page_range");
        if (parent.Mm.HasPinned)
        {
            // Decided before the copies it causes, which follow as their own lines.
            TraceStep(child, "copy_page_range", Era.ForkCopyFact == Eras.Fact.ForkSharesEveryPage
                ? $"0x{vma.Start:x}-0x{vma.End:x} pinned pages in the mm -> {Era.ForkCopyRule}"
                : $"0x{vma.Start:x}-0x{vma.End:x} pinned pages in the mm -> copy at once where {Era.ForkCopyRule}", Era.ForkCopyFact);
        }
        CopyPageRange(parent, child, vma, copy);
    }

    /// <summary>copy_page_range over one VMA, PMD by PMD.</summary>
    private void CopyPageRange(Process parent, Process child, Vma src, Vma dst)
    {
        var srcPt = parent.Mm.PageTable;
        for (var addr = src.Start & ~(PageTable.PmdSize - 1); addr < src.End; addr += PageTable.PmdSize)
        {
            // Nothing to do for an empty PMD: step over runs of them as walk_page_range does.
            addr = srcPt.NextPopulated(addr, src.End) & ~(PageTable.PmdSize - 1);
            if (addr >= src.End)
            {
                break;
            }
            var table = srcPt.FindPmdTable(addr);
            if (table is null)
            {
                continue;
            }
            var pi = PageTable.PmdIndex(addr);
            var pmd = new Pte(table.Pmd[pi]);
            if (pmd.IsHuge && !CopyHugePmd(parent, child, src, addr, table, pi))
            {
                pmd = new Pte(table.Pmd[pi]);
            }
            if (pmd.IsTable)
            {
                var from = Math.Max(addr, src.Start);
                var to = Math.Min(addr + PageTable.PmdSize, src.End);
                CopyPteRange(parent, child, src, dst, from, to, table.Ptes[pi]!);
            }
        }
    }

    /// <summary>
    /// copy_huge_pmd: share the THP (refcount +1, entire mapcount +1, PMD write-protected in both),
    /// or, when the era must copy a maybe-pinned folio, split the parent's PMD and return false so
    /// that the range is copied PTE by PTE.
    /// </summary>
    private bool CopyHugePmd(Process parent, Process child, Vma src, long haddr, PmdTable table, int pi)
    {
        var pmd = new Pte(table.Pmd[pi]);
        var dstTable = child.Mm.PageTable.GetPmdTable(haddr);
        if (pmd.IsSpecial)
        {
            child.Mm.UsesHugeZero = true;
            dstTable.Pmd[pi] = pmd.Value;
            return true;
        }
        var head = pmd.Pfn;
        var page = new ForkPage(true, IsAnonExclusive(head), src.Flags.IsCowMapping(), parent.Mm.HasPinned, FolioMaybeDmaPinned(head));
        if (Era.ForkCopiesPage(page))
        {
            TraceStep(child, "copy_huge_pmd", $"{haddr:x} {Era.ForkCopyRule} -> split pmd, copy per pte", Era.ForkCopyFact);
            SplitHugePmd(parent, src, haddr, "fork of a pinned THP");
            return false;
        }
        FolioGet(head);
        FolioAddRmapPmd(head, child.Mm);
        ClearAnonExclusive(head);
        if (src.Flags.IsCowMapping())
        {
            pmd = pmd.Without(Pte.Write);
            table.Pmd[pi] = pmd.Value;
        }
        dstTable.Pmd[pi] = pmd.Without(Pte.Young).Value;
        child.Mm.AnonPages += HPagePmdNr;
        return true;
    }

    /// <summary>copy_pte_range: each present PTE shared or copied, each swap entry duplicated.</summary>
    private void CopyPteRange(Process parent, Process child, Vma src, Vma dst, long from, long to, ulong[] srcPtes)
    {
        var dstPtes = child.Mm.PageTable.GetOrAllocPtes(from);
        var cow = src.Flags.IsCowMapping();
        var hasPinned = parent.Mm.HasPinned;
        // page_needs_cow_for_dma asks only for an MM with pinned pages; a policy is asked for every page.
        var askEra = cow && (hasPinned || Era is OverriddenEra);
        for (var addr = from; addr < to; addr += PageTable.PageSize)
        {
            var ti = PageTable.PteIndex(addr);
            var raw = srcPtes[ti];
            if (raw == 0)
            {
                continue;
            }
            var pte = new Pte(raw);
            if (pte.IsSwap)
            {
                dstPtes[ti] = CopyNonpresentPte(child, srcPtes, ti, pte);
                continue;
            }
            if (pte.IsSpecial)
            {
                dstPtes[ti] = raw & ~Pte.Young;
                continue;
            }
            var pfn = pte.Pfn;
            var head = _s.Memory.Head(pfn);
            var flags = _s.Memory.Flags(pfn);
            var exclusive = (flags & PageFlags.AnonExclusive) != 0;
            if (askEra)
            {
                var page = new ForkPage((_s.Memory.Flags(head) & PageFlags.Anon) != 0, exclusive, cow, hasPinned, FolioMaybeDmaPinned(head));
                if (Era.ForkCopiesPage(page) && CopyPresentPage(child, dst, addr, pfn, dstPtes, ti))
                {
                    continue;
                }
            }
            // Share it: __folio_try_dup_anon_rmap, write-protect both PTEs of a COW mapping.
            _s.Memory.RefCount(head)++;
            _s.Memory.MapCount(pfn)++;
            if (head != pfn || (flags & PageFlags.Head) != 0)
            {
                _s.Large[head].AddLargeMapCount(1, child.Mm.MmId);
            }
            if (exclusive)
            {
                _s.Memory.Flags(pfn) = flags & ~PageFlags.AnonExclusive;
            }
            if (cow && (raw & Pte.Write) != 0)
            {
                raw &= ~Pte.Write;
                srcPtes[ti] = raw;
            }
            dstPtes[ti] = raw & ~Pte.Young;
            if ((_s.Memory.Flags(head) & PageFlags.Shmem) != 0)
            {
                child.Mm.ShmemPages++;
            }
            else
            {
                child.Mm.AnonPages++;
            }
        }
    }

    /// <summary>copy_present_page: the child gets a new exclusive page with the same contents; the parent's PTE is untouched.</summary>
    private bool CopyPresentPage(Process child, Vma dst, long addr, int pfn, ulong[] dstPtes, int ti)
    {
        var fresh = AllocFolio(0);
        if (fresh < 0)
        {
            return false;
        }
        _s.Memory.CopyContents(pfn, fresh);
        FolioAddNewAnonRmap(fresh, dst, addr, child.Mm, pmdMapped: false, exclusive: true);
        LruAdd(fresh);
        var bits = Pte.Young | Pte.Dirty | ((dst.Flags & VmFlags.Write) != 0 ? Pte.Write : 0);
        dstPtes[ti] = Pte.Make(fresh, bits).Value;
        child.Mm.AnonPages++;
        Stats.Count(VmEvent.ForkCopy);
        if (Explain)
        {
            Emit(new ForkCopyEvent(child.Name, addr, pfn, fresh, Era.ForkCopyRule));
        }
        return true;
    }

    /// <summary>copy_nonpresent_pte for a swap entry: swap_duplicate; the exclusive bit is cleared in both (5.19+).</summary>
    private ulong CopyNonpresentPte(Process child, ulong[] srcPtes, int ti, Pte pte)
    {
        _s.Swap.Duplicate(pte.SwapOffset);
        child.Mm.SwapEntries++;
        if (pte.IsSwpExclusive)
        {
            pte = pte.Without(Pte.SwpExclusive);
            srcPtes[ti] = pte.Value;
        }
        return pte.Value;
    }
}
