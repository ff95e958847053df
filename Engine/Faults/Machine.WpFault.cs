using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Write-protect faults on PTEs: do_wp_page, wp_page_reuse, wp_page_copy (mm/memory.c).</summary>
internal sealed partial class Machine
{
    private WpFolio? _wp;

    /// <summary>The write-fault context, reused from fault to fault.</summary>
    private WpFolio Wp => _wp ??= new WpFolio(this);

    /// <summary>
    /// do_wp_page: a write (or unshare) fault on a present, read-only PTE. Shared mappings are made
    /// writable; the zero page is replaced by a new page; an anonymous page is reused or copied as
    /// the era decides.
    /// </summary>
    private FaultResult DoWpPage(Process process, Vma vma, long address, AccessKind kind)
    {
        BeginFault();
        var mm = process.Mm;
        var ptes = mm.PageTable.GetOrAllocPtes(address);
        var ti = PageTable.PteIndex(address);
        var pte = new Pte(ptes[ti]);
        var unshare = kind == AccessKind.Unshare;
        var page = pte.Pfn;

        if (pte.IsSpecial)
        {
            var zero = Wp.For(vma, page, unshare, Explain);
            zero.Note("do_wp_page", "zero page, no vm_normal_page -> wp_page_copy: new zeroed page");
            return WpPageCopy(process, vma, address, kind, zero, zeroSource: true);
        }

        if ((_s.Memory.Flags(_s.Memory.Head(page)) & PageFlags.Anon) == 0)
        {
            // do_wp_page: not anon, in a private mapping (a page-cache page): always wp_page_copy.
            var file = Wp.For(vma, page, unshare, Explain);
            file.Note("do_wp_page", "page cache, private mapping -> wp_page_copy");
            return WpPageCopy(process, vma, address, kind, file, zeroSource: false);
        }

        var ctx = Wp.For(vma, page, unshare, Explain, ptes);
        var verdict = Era.DoWpPage(ctx);
        if (verdict == WpVerdict.Copy)
        {
            return WpPageCopy(process, vma, address, kind, ctx, zeroSource: false);
        }

        if (IsKsm(page))
        {
            // reuse_ksm_page (5.1 - 5.8): page_move_anon_rmap makes it a plain anonymous page again.
            ReuseKsmPage(page, vma, address);
        }
        // Reuse: the page is now exclusive to this process.
        SetAnonExclusive(page);
        if (unshare)
        {
            Stats.Count(VmEvent.Unshare);
            EmitFault(process, address, kind, FaultHandler.Wp, FaultOutcome.Reuse, page, page, 0, ctx.Reason);
            return FaultResult.Done;
        }
        WpPageReuse(ptes, ti, vma);
        EmitFault(process, address, kind, FaultHandler.Wp, FaultOutcome.Reuse, page, page, 0, ctx.Reason);
        return FaultResult.Done;
    }

    /// <summary>wp_page_reuse: young, dirty and (VM_WRITE) writable; PGREUSE.</summary>
    private void WpPageReuse(ulong[] ptes, int ti, Vma vma)
    {
        var bits = Pte.Young | Pte.Dirty | ((vma.Flags & VmFlags.Write) != 0 ? Pte.Write : 0);
        ptes[ti] |= bits;
        if (Era.CountsPgReuse)
        {
            Stats.Count(VmEvent.PgReuse);
        }
    }

    /// <summary>
    /// wp_page_copy: a new exclusive page (zeroed for the zero page, else a copy of the 4K page)
    /// replaces the old one in this PTE; the old folio loses a mapping and a reference and, if it
    /// is now unmapped, its swap cache (free_swap_cache).
    /// </summary>
    private FaultResult WpPageCopy(Process process, Vma vma, long address, AccessKind kind, WpFolio ctx, bool zeroSource)
    {
        var mm = process.Mm;
        var ptes = mm.PageTable.GetOrAllocPtes(address);
        var ti = PageTable.PteIndex(address);
        var old = new Pte(ptes[ti]);
        var oldPage = old.Pfn;
        AnonVmaPrepare(mm, vma);
        var fresh = AllocFolio(0);
        if (fresh < 0)
        {
            EmitFault(process, address, kind, FaultHandler.Wp, FaultOutcome.Oom, oldPage, 0, 0, "out of memory");
            return FaultResult.Oom;
        }
        if (!zeroSource)
        {
            _s.Memory.CopyContents(oldPage, fresh);
            Stats.Count(VmEvent.CowCopy);
        }
        var unshare = kind == AccessKind.Unshare;
        var bits = Pte.Young;
        if (unshare)
        {
            bits |= old.Value & Pte.SoftDirty;
            Stats.Count(VmEvent.Unshare);
        }
        else
        {
            bits |= Pte.Dirty | ((vma.Flags & VmFlags.Write) != 0 ? Pte.Write : 0);
        }
        FolioAddNewAnonRmap(fresh, vma, address, mm, pmdMapped: false, exclusive: true);
        LruAdd(fresh);
        ptes[ti] = Pte.Make(fresh, bits).Value;
        if (zeroSource)
        {
            mm.AnonPages++;
        }
        else
        {
            var oldHead = _s.Memory.Head(oldPage);
            if ((_s.Memory.Flags(oldHead) & PageFlags.Shmem) != 0)
            {
                // The page-cache page gives way to an anonymous copy: MM_SHMEMPAGES to MM_ANONPAGES.
                mm.ShmemPages--;
                mm.AnonPages++;
            }
            FolioRemoveRmapPtes(oldHead, oldPage, 1, mm);
            FolioPut(oldHead);
            // free_swap_cache: the old folio may now be unmapped and only held by the swap cache.
            if (_s.Memory.RefCount(oldHead) > 0 && InSwapCache(oldHead) && !FolioMapped(oldHead))
            {
                FolioFreeSwap(oldHead);
            }
        }
        EmitFault(process, address, kind, FaultHandler.Wp, zeroSource ? FaultOutcome.CopyZero : FaultOutcome.Copy, oldPage, fresh, 0,
            ctx.Reason);
        return FaultResult.Done;
    }
}
