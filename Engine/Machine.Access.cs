using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>How an access ended.</summary>
internal enum AccessStatus
{
    Ok,
    /// <summary>No VMA, or the VMA forbids the access: SIGSEGV.</summary>
    Segv,
    /// <summary>A fault could not allocate memory (VM_FAULT_OOM).</summary>
    Oom,
    /// <summary>A fault past the end of the file a mapping maps: SIGBUS.</summary>
    Bus,
}

/// <summary>The result of a load or store: the word read (or written) and the faults taken.</summary>
internal readonly record struct AccessResult(AccessStatus Status, ulong Value, int Faults);

/// <summary>Loads and stores from user space, faulting as the MMU would (handle_mm_fault).</summary>
internal sealed partial class Machine
{
    private const int MaxFaultRetries = 8;

    /// <summary>A load of the 8-byte word at <paramref name="address"/> (must be 8-byte aligned).</summary>
    public AccessResult Read(Process process, long address) => Access(process, address, AccessKind.Read, 0);

    /// <summary>A store of the 8-byte word at <paramref name="address"/> (must be 8-byte aligned).</summary>
    public AccessResult Write(Process process, long address, ulong value) => Access(process, address, AccessKind.Write, value);

    private AccessResult Access(Process process, long address, AccessKind kind, ulong value)
    {
        Enter(process);
        var mm = process.Mm;
        var vma = mm.FindVma(address);
        var write = kind == AccessKind.Write;
        if (vma is null || (write ? (vma.Flags & VmFlags.Write) == 0 : (vma.Flags & VmFlags.Read) == 0))
        {
            if (Explain)
            {
                Emit(new SegvEvent(process.Name, address, kind, vma is null ? "no mapping" : $"{vma.Flags.Perms()} mapping"));
            }
            return new AccessResult(AccessStatus.Segv, 0, 0);
        }
        if (PastEndOfFile(vma, address) && TranslateForAccess(mm, address, write) < 0)
        {
            if (Explain)
            {
                Emit(new SegvEvent(process.Name, address, kind, "past the end of the file", Bus: true));
            }
            return new AccessResult(AccessStatus.Bus, 0, 0);
        }

        var faults = 0;
        for (var attempt = 0; attempt <= MaxFaultRetries; attempt++)
        {
            var pfn = TranslateForAccess(mm, address, write);
            if (pfn >= 0)
            {
                var word = (int)((address & (PageTable.PageSize - 1)) >> 3);
                if (write)
                {
                    _s.Memory.WriteWord(pfn, word, value);
                    return new AccessResult(AccessStatus.Ok, value, faults);
                }
                return new AccessResult(AccessStatus.Ok, _s.Memory.ReadWord(pfn, word), faults);
            }
            faults++;
            if (!HandleMmFault(process, vma, address, kind))
            {
                return new AccessResult(AccessStatus.Oom, 0, faults);
            }
        }
        throw new InvalidOperationException($"fault at {address:x} did not resolve");
    }

    /// <summary>
    /// The MMU's walk: the pfn of the 4K page at <paramref name="address"/> if the entry allows the
    /// access (setting the accessed and dirty bits as hardware does), else -1.
    /// </summary>
    private int TranslateForAccess(MmStruct mm, long address, bool write)
    {
        var table = mm.PageTable.FindPmdTable(address);
        if (table is null)
        {
            return -1;
        }
        var pi = PageTable.PmdIndex(address);
        var pmd = table.Pmd[pi];
        if ((pmd & Pte.Huge) != 0)
        {
            if (write && (pmd & Pte.Write) == 0)
            {
                return -1;
            }
            table.Pmd[pi] = pmd | Pte.Young | (write ? Pte.Dirty : 0);
            return new Pte(pmd).Pfn + PageTable.PteIndex(address);
        }
        var ptes = table.Ptes[pi];
        if (ptes is null)
        {
            return -1;
        }
        var ti = PageTable.PteIndex(address);
        var pte = ptes[ti];
        if ((pte & Pte.Present) == 0 || (write && (pte & Pte.Write) == 0))
        {
            return -1;
        }
        ptes[ti] = pte | Pte.Young | (write ? Pte.Dirty : 0);
        return new Pte(pte).Pfn;
    }

    /// <summary>
    /// handle_mm_fault: find the level that needs work and call its handler. Returns false on
    /// VM_FAULT_OOM. The access is retried by the caller, as the CPU retries the instruction.
    /// </summary>
    private bool HandleMmFault(Process process, Vma vma, long address, AccessKind kind)
    {
        Stats.Count(VmEvent.PgFault);
        if (vma.Shmem != 0 && (vma.Flags & VmFlags.Shared) != 0)
        {
            return ShmemFault(process, vma, address, kind);
        }
        var mm = process.Mm;
        var table = mm.PageTable.GetPmdTable(address);
        var pi = PageTable.PmdIndex(address);
        var pmd = new Pte(table.Pmd[pi]);
        var write = kind != AccessKind.Read;
        if (pmd.IsNone && ThpSuitable(vma, address))
        {
            var result = DoHugePmdAnonymousPage(process, vma, address, kind);
            if (result != FaultResult.Fallback)
            {
                return result == FaultResult.Done;
            }
        }
        else if (pmd.IsHuge)
        {
            if (!write || pmd.IsWrite)
            {
                return true;
            }
            var result = DoHugePmdWpPage(process, vma, address, kind);
            if (result != FaultResult.Fallback)
            {
                return result == FaultResult.Done;
            }
        }

        var ptes = mm.PageTable.GetOrAllocPtes(address);
        var ti = PageTable.PteIndex(address);
        var pte = new Pte(ptes[ti]);
        if (pte.IsNone)
        {
            return vma.Shmem != 0
                ? FilePrivateFault(process, vma, address, kind, ptes)
                : DoAnonymousPage(process, vma, address, kind, ptes) == FaultResult.Done;
        }
        if (pte.IsSwap)
        {
            return DoSwapPage(process, vma, address, kind) == FaultResult.Done;
        }
        if (write && !pte.IsWrite)
        {
            return DoWpPage(process, vma, address, kind) == FaultResult.Done;
        }
        return true;
    }

    private enum FaultResult
    {
        Done,
        Fallback,
        Oom,
    }
}
