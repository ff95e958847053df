using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>get_user_pages and pin_user_pages (mm/gup.c), vmsplice, and the handles that hold pages.</summary>
internal sealed partial class Machine
{
    /// <summary>Open handles, by number.</summary>
    public IReadOnlyDictionary<int, GupHandle> Handles => _s.Handles;

    /// <summary>
    /// __get_user_pages over [address, address+size): fault in what is missing (a write fault for
    /// FOLL_WRITE, breaking COW; an unshare fault where the era's gup_must_unshare says so), then
    /// take a reference on every page: +1 for FOLL_GET, GUP_PIN_COUNTING_BIAS (small) or
    /// +1 and _pincount +1 (large) for FOLL_PIN.
    /// </summary>
    public Result<GupHandle> GetUserPages(Process process, long address, long size, HandleKind kind, bool write, bool longTerm)
    {
        Enter(process);
        if ((address & (PageTable.PageSize - 1)) != 0 || size <= 0 || address < 0)
        {
            return Result<GupHandle>.Fail(Errno.EINVAL, "address must be page aligned and size positive");
        }
        // __get_user_pages: a range past TASK_SIZE has no VMA (EFAULT); checked before end is computed.
        if (!InUserSpace(address, size))
        {
            return Result<GupHandle>.Fail(Errno.EFAULT, "no mapping");
        }
        var end = address + PageAlign(size);
        var mm = process.Mm;
        // check_vma_flags, VMA by VMA rather than page by page, so a huge range costs what is mapped.
        var covered = address;
        foreach (var vma in mm.VmasIn(address, end))
        {
            if (vma.Start > covered)
            {
                break;
            }
            if ((vma.Flags & VmFlags.Read) == 0 || (write && (vma.Flags & VmFlags.Write) == 0))
            {
                return Result<GupHandle>.Fail(Errno.EFAULT, $"{vma.Flags.Perms()} mapping");
            }
            covered = vma.End;
        }
        if (covered < end)
        {
            return Result<GupHandle>.Fail(Errno.EFAULT, "no mapping");
        }
        var count = (end - address) >> PageTable.PageShift;
        if (count > _s.Memory.TotalPages)
        {
            // More pages than the machine has: faulting them in would run out of memory first.
            return Result<GupHandle>.Fail(Errno.ENOMEM, "more pages than memory");
        }
        var pages = (int)count;
        var pin = kind == HandleKind.Pin;
        var pfns = new int[pages];
        for (var i = 0; i < pages; i++)
        {
            var at = address + ((long)i << PageTable.PageShift);
            var vma = mm.FindVma(at)!;
            if (PastEndOfFile(vma, at))
            {
                // faultin_page: VM_FAULT_SIGBUS is EFAULT.
                ReleasePages(pfns.AsSpan(0, i), pin);
                return Result<GupHandle>.Fail(Errno.EFAULT, "past the end of the file");
            }
            var pfn = FaultInForGup(process, vma, at, pin, write, longTerm);
            if (pfn < 0)
            {
                ReleasePages(pfns.AsSpan(0, i), pin);
                return Result<GupHandle>.Fail(Errno.ENOMEM, "out of memory");
            }
            pfns[i] = pfn;
            GrabPage(pfn, pin);
        }
        if (pin)
        {
            mm.HasPinned = true;
        }
        var handle = new GupHandle(_s.NextHandle++, kind, process.Name, address, write, longTerm, pfns);
        _s.Handles[handle.Id] = handle;
        return handle;
    }

    /// <summary>follow_page_mask + faultin_page until the entry allows what GUP needs; returns the page's pfn.</summary>
    private int FaultInForGup(Process process, Vma vma, long address, bool pin, bool write, bool longTerm)
    {
        var breakCow = write || (Era.GupForcesCowBreak && vma.Flags.IsCowMapping() && (vma.Flags & VmFlags.Write) != 0);
        for (var attempt = 0; attempt <= MaxFaultRetries; attempt++)
        {
            var info = Lookup(process, address);
            if (!info.Present)
            {
                if (!HandleMmFault(process, vma, address, breakCow ? AccessKind.Write : AccessKind.Read))
                {
                    return -1;
                }
                continue;
            }
            if (breakCow && !info.Writable)
            {
                if (!HandleMmFault(process, vma, address, AccessKind.Write))
                {
                    return -1;
                }
                continue;
            }
            var head = _s.Memory.Head(info.Pfn);
            var anon = !info.Zero && (_s.Memory.Flags(head) & PageFlags.Anon) != 0;
            var exclusive = anon && IsAnonExclusive(info.Level == MappingLevel.Pmd ? head : info.Pfn);
            var page = new GupPage(pin, write, longTerm, anon, exclusive, vma.Flags.IsCowMapping());
            if (!info.Writable && Era.GupMustUnshare(page))
            {
                TraceStep(process, "gup_must_unshare", $"{Fmt(address)}: R/O pin of a {(anon ? "possibly shared anon page" : "non-anon page")} -> FAULT_FLAG_UNSHARE",
                    anon ? Eras.Fact.GupUnsharesSharedAnon : Eras.Fact.GupUnsharesNonAnonLongterm);
                if (!HandleMmFault(process, vma, address, AccessKind.Unshare))
                {
                    return -1;
                }
                continue;
            }
            return info.Pfn;
        }
        throw new InvalidOperationException($"GUP at {address:x} did not resolve");
    }

    private static string Fmt(long address) => "0x" + address.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>try_grab_folio: the reference a GUP caller holds on a page.</summary>
    private void GrabPage(int pfn, bool pin)
    {
        if (IsZeroPfn(pfn))
        {
            return;
        }
        var head = _s.Memory.Head(pfn);
        if (!pin)
        {
            FolioGet(head);
        }
        else if (IsLarge(head))
        {
            FolioGet(head);
            _s.Large[head].PinCount++;
        }
        else
        {
            FolioGet(head, GupPinCountingBias);
        }
    }

    /// <summary>unpin_user_page / put_page for each page a handle holds.</summary>
    private void ReleasePages(ReadOnlySpan<int> pfns, bool pin)
    {
        foreach (var pfn in pfns)
        {
            if (IsZeroPfn(pfn))
            {
                continue;
            }
            var head = _s.Memory.Head(pfn);
            if (!pin)
            {
                FolioPut(head);
            }
            else if (IsLarge(head))
            {
                _s.Large[head].PinCount--;
                FolioPut(head);
            }
            else
            {
                FolioPut(head, GupPinCountingBias);
            }
        }
    }

    /// <summary>Release a handle (unpin, put or close); the pages it held may be freed.</summary>
    public Errno Release(int id)
    {
        if (!_s.Handles.Remove(id, out var handle))
        {
            return Errno.ENOENT;
        }
        ReleasePages(handle.Pfns, handle.Kind == HandleKind.Pin);
        return Errno.Ok;
    }

    public GupHandle? FindHandle(int id) => _s.Handles.GetValueOrDefault(id);

    /// <summary>What the device or pipe reader sees: the word at byte <paramref name="offset"/> of the handle's pages.</summary>
    public ulong HandleRead(GupHandle handle, long offset)
    {
        var page = (int)(offset >> PageTable.PageShift);
        var word = (int)((offset & (PageTable.PageSize - 1)) >> 3);
        return _s.Memory.ReadWord(handle.Pfns[page], word);
    }

    /// <summary>A device writing through a R/W handle (DMA into the pinned page).</summary>
    public void HandleWrite(GupHandle handle, long offset, ulong value)
    {
        var page = (int)(offset >> PageTable.PageShift);
        var word = (int)((offset & (PageTable.PageSize - 1)) >> 3);
        var pfn = handle.Pfns[page];
        if (!IsZeroPfn(pfn))
        {
            _s.Memory.WriteWord(pfn, word, value);
        }
    }
}
