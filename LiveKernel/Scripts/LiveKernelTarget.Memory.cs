using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

internal sealed partial class LiveKernelTarget
{
    private readonly ThpSettings _thp = new();

    public SyscallOutcome Mmap(string name, MmapRequest request)
    {
        var process = P(name);
        var flags = request.Flags;
        var length = AddressSpace.PageAlign(request.Size);
        var shared = flags.Contains(MmapFlag.Shared);
        var writable = !flags.Contains(MmapFlag.None) && !flags.Contains(MmapFlag.ReadOnly);
        var advice = new List<HostAdvice>();
        Add(MmapFlag.Thp, HostAdvice.HugePage);
        Add(MmapFlag.NoThp, HostAdvice.NoHugePage);
        Add(MmapFlag.DontFork, HostAdvice.DontFork);
        Add(MmapFlag.WipeOnFork, HostAdvice.WipeOnFork);
        var populate = flags.Contains(MmapFlag.Populate);
        var file = request.File is { } memfd ? _memfds[memfd] : null;
        var start = request.At ?? Placement(process, length, shared || file is not null, flags);
        if (start < 0)
        {
            return SyscallOutcome.Failed("ENOMEM", "no free range that large");
        }
        var protection = flags.Contains(MmapFlag.None) ? HostProtection.None : writable ? HostProtection.ReadWrite : HostProtection.Read;
        var mapFlags = (shared ? HostMapFlags.Shared : HostMapFlags.Private) | (populate && advice.Count == 0 ? HostMapFlags.Populate : 0);
        var before = process.Agent.Faults();
        if (process.Agent.Mmap((ulong)start, (ulong)Math.Max(length, 0), protection, mapFlags, file?.Link).ErrorOrNull is { } error)
        {
            return Outcome(error);
        }
        foreach (var one in advice)
        {
            if (process.Agent.Madvise((ulong)start, (ulong)length, one).ErrorOrNull is { } refused)
            {
                // The simulator refuses such a mapping as a whole (wipeonfork on shared memory).
                process.Agent.Munmap((ulong)start, (ulong)length);
                return Outcome(refused);
            }
        }
        if (flags.Contains(MmapFlag.Locked))
        {
            // MAP_LOCKED, after the advice as the simulator applies it: VM_LOCKED and the range populated.
            if (process.Agent.Mlock((ulong)start, (ulong)length, locked: true).ErrorOrNull is { } refused)
            {
                process.Agent.Munmap((ulong)start, (ulong)length);
                return Outcome(refused);
            }
        }
        else if (populate && advice.Count > 0 && protection != HostProtection.None)
        {
            var how = writable && !shared ? HostAdvice.PopulateWrite : HostAdvice.PopulateRead;
            process.Agent.Madvise((ulong)start, (ulong)length, how);
        }
        return new SyscallOutcome(null)
        {
            Address = start,
            Length = length,
            Populate = populate || flags.Contains(MmapFlag.Locked) ? Faults(process.Agent.Faults() - before) : null,
        };

        void Add(MmapFlag flag, HostAdvice what)
        {
            if (flags.Contains(flag))
            {
                advice.Add(what);
            }
        }
    }

    /// <summary>The simulator's placement: 2M-aligned when THP-eligible and at least 2M long.</summary>
    private long Placement(HostProcess process, long length, bool shared, IReadOnlySet<MmapFlag> flags)
    {
        var mode = _thp.Read("thp");
        var eligible = !shared && length >= AddressSpace.PmdSize && !flags.Contains(MmapFlag.NoThp)
            && (mode == "always" || (mode == "madvise" && flags.Contains(MmapFlag.Thp)));
        return AddressSpace.FindGap(process.Agent, length, eligible ? AddressSpace.PmdSize : AddressSpace.PageSize);
    }

    public SyscallOutcome Mlock(string name, long address, long size, bool locked)
    {
        var process = P(name);
        var before = process.Agent.Faults();
        var error = process.Agent.Mlock((ulong)address, (ulong)size, locked).ErrorOrNull;
        return error is not null ? Outcome(error) : new SyscallOutcome(null) { Populate = locked ? Faults(process.Agent.Faults() - before) : null };
    }

    public SyscallOutcome Munmap(string process, long address, long size) =>
        Outcome(P(process).Agent.Munmap((ulong)address, (ulong)size).ErrorOrNull);

    public SyscallOutcome Mprotect(string process, long address, long size, Protection protection)
    {
        var prot = protection switch
        {
            Protection.ReadOnly => HostProtection.Read,
            Protection.ReadWrite => HostProtection.ReadWrite,
            _ => HostProtection.None,
        };
        return Outcome(P(process).Agent.Mprotect((ulong)address, (ulong)size, prot).ErrorOrNull);
    }

    /// <summary>
    /// mremap. Where the simulator grows in place the kernel does too; where it moves the mapping to
    /// the lowest free range (the space after the VMA is taken, or the range does not end where its
    /// VMA ends), the host names that range (MREMAP_FIXED), so addresses stay the same.
    /// </summary>
    public SyscallOutcome Mremap(string process, long address, long oldSize, long newSize, long? to)
    {
        oldSize = AddressSpace.PageAlign(oldSize);
        newSize = AddressSpace.PageAlign(newSize);
        var agent = P(process).Agent;
        // mremap_to()/vma_expandable(): a range that ends where its VMA ends and has free space after
        // it grows in place; any other growth moves, to the range the simulator picks. A range that
        // runs past its VMA's end is left to the kernel (check_prep_vma: EFAULT): with MREMAP_FIXED
        // it would meet check_mremap_params' overlap test first and answer EINVAL.
        if (to is null && newSize > oldSize && AddressSpace.VmaAt(agent, address) is { } vma
            && address + oldSize <= (long)(vma.End - agent.Base)
            && ((long)(vma.End - agent.Base) != address + oldSize || !AddressSpace.IsFree(agent, address + oldSize, address + newSize)))
        {
            // as the simulator's ThpAllowed(): the mode and the VMA's flags, not smaps' THPeligible,
            // which also wants the VMA to hold an aligned 2M range (a 1M VMA growing to 2M has none)
            var flags = vma.VmFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var mode = _thp.Read("thp");
            var eligible = !flags.Contains("nh") && (mode == "always" || (mode == "madvise" && flags.Contains("hg")))
                && newSize >= AddressSpace.PmdSize;
            to = AddressSpace.FindGap(agent, newSize, eligible ? AddressSpace.PmdSize : AddressSpace.PageSize);
        }
        var result = agent.Mremap((ulong)address, (ulong)oldSize, (ulong)newSize, to is { } t ? (ulong)t : null);
        return result is HostResult<ulong>.Ok { Value: var moved }
            ? new SyscallOutcome(null) { Address = (long)moved, Length = oldSize, NewLength = newSize }
            : Outcome(result.ErrorOrNull);
    }

    public SyscallOutcome Madvise(string process, long address, long size, Keyword<Advice> advice)
    {
        var word = Keywords.WordOf(Keywords.Advices, advice.Value);
        if (!HostWords.TryParseAdvice(word, out var hostAdvice))
        {
            throw new RuntimeError(advice.Span, $"madvise {word}: the host has no such advice");
        }
        if (advice.Value == Advice.PageOut && !Can.Swap.Available)
        {
            Diverge($"'madvise {word}' without swap leaves anonymous pages in place ({Can.Swap.Reason})");
        }
        return Outcome(P(process).Agent.Madvise((ulong)address, (ulong)size, hostAdvice).ErrorOrNull);
    }
}
