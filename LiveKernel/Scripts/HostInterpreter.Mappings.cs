using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

public sealed partial class HostInterpreter
{
    private readonly ThpSettings _thp = new();

    private void Mmap(MmapCommand c)
    {
        var process = _binder.CurrentProcess(c.Span);
        if (c.Name is { } name)
        {
            CheckNotProcess(name);
        }
        var size = _eval.Number(c.Size, "a size");
        long? at = c.At is { } atExpr ? _eval.Number(atExpr, "an address") : null;
        var flags = c.Flags.Select(f => f.Value).ToHashSet();
        var label = c.Name is null ? string.Empty : c.Name.Name + " ";
        var call = $"mmap {label}{Fmt.Size(size)}{(at is { } a ? $" at {Fmt.Hex(a)}" : string.Empty)}";
        var length = AddressSpace.PageAlign(size);
        var shared = flags.Contains(MmapFlag.Shared);
        var writable = !flags.Contains(MmapFlag.None) && !flags.Contains(MmapFlag.ReadOnly);
        var advice = new List<HostAdvice>();
        Add(MmapFlag.Thp, HostAdvice.HugePage);
        Add(MmapFlag.NoThp, HostAdvice.NoHugePage);
        Add(MmapFlag.DontFork, HostAdvice.DontFork);
        Add(MmapFlag.WipeOnFork, HostAdvice.WipeOnFork);
        var populate = flags.Contains(MmapFlag.Populate);
        var start = at ?? Placement(process, length, shared, flags);
        if (start < 0)
        {
            Outcome("ENOMEM");
            Out.WriteLine($"{process.Name}: {call}: ENOMEM (no free range that large)");
            return;
        }
        var protection = flags.Contains(MmapFlag.None) ? HostProtection.None : writable ? HostProtection.ReadWrite : HostProtection.Read;
        var mapFlags = (shared ? HostMapFlags.Shared : HostMapFlags.Private) | (populate && advice.Count == 0 ? HostMapFlags.Populate : 0);
        var before = process.Agent.Faults();
        if (process.Agent.Mmap((ulong)start, (ulong)Math.Max(length, 0), protection, mapFlags).ErrorOrNull is { } error)
        {
            Outcome(error.Name);
            Out.WriteLine($"{process.Name}: {call}: {Describe(error)}");
            return;
        }
        foreach (var one in advice)
        {
            if (process.Agent.Madvise((ulong)start, (ulong)length, one).ErrorOrNull is { } refused)
            {
                // The simulator refuses such a mapping as a whole (wipeonfork on shared memory).
                process.Agent.Munmap((ulong)start, (ulong)length);
                Outcome(refused.Name);
                Out.WriteLine($"{process.Name}: {call}: {Describe(refused)}");
                return;
            }
        }
        if (populate && advice.Count > 0 && protection != HostProtection.None)
        {
            var how = writable && !shared ? HostAdvice.PopulateWrite : HostAdvice.PopulateRead;
            process.Agent.Madvise((ulong)start, (ulong)length, how);
        }
        Outcome("ok");
        if (c.Name is { } n)
        {
            _binder.Names[n.Name] = Value.Of(start, hex: true);
        }
        var words = string.Join(" ", c.Flags.Select(f => Keywords.WordOf(Keywords.MmapFlags, f.Value)).Where(w => w is not "rw"));
        Out.WriteLine($"{process.Name}: mmap {label}{Fmt.Range(start, start + length)} ({Fmt.Size(length)}){(words.Length > 0 ? " " + words : string.Empty)}");
        if (populate)
        {
            Out.WriteLine($"{process.Name}: populate: {Faults(process.Agent.Faults() - before)}");
        }

        void Add(MmapFlag flag, HostAdvice what)
        {
            if (flags.Contains(flag))
            {
                advice.Add(what);
            }
        }
    }

    /// <summary>The simulator's placement: 2M-aligned when THP-eligible and at least 2M long.</summary>
    private long Placement(HostProcess process, long length, bool shared, HashSet<MmapFlag> flags)
    {
        var mode = _thp.Read("thp");
        var eligible = !shared && length >= AddressSpace.PmdSize && !flags.Contains(MmapFlag.NoThp)
            && (mode == "always" || (mode == "madvise" && flags.Contains(MmapFlag.Thp)));
        return AddressSpace.FindGap(process.Agent, length, eligible ? AddressSpace.PmdSize : AddressSpace.PageSize);
    }

    private void Munmap(MunmapCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "munmap [P] ADDR SIZE", 2, 2);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        Report(process, $"munmap {Fmt.Range(address, address + size)}", process.Agent.Munmap((ulong)address, (ulong)size).ErrorOrNull);
    }

    private void Mprotect(MprotectCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "mprotect [P] ADDR SIZE ro|rw|none", 2, 2);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var prot = c.Protection.Value switch
        {
            Protection.ReadOnly => HostProtection.Read,
            Protection.ReadWrite => HostProtection.ReadWrite,
            _ => HostProtection.None,
        };
        var word = Keywords.WordOf(Keywords.Protections, c.Protection.Value);
        Report(process, $"mprotect {Fmt.Range(address, address + size)} {word}", process.Agent.Mprotect((ulong)address, (ulong)size, prot).ErrorOrNull);
    }

    /// <summary>
    /// mremap. Where the simulator grows in place the kernel does too; where it moves the mapping to
    /// the lowest free range, the host names that range (MREMAP_FIXED), so addresses stay the same.
    /// </summary>
    private void Mremap(MremapCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "mremap [P] ADDR OLDSIZE NEWSIZE [to ADDR]", 3, 3);
        var address = _eval.Number(args[0], "an address");
        var oldSize = AddressSpace.PageAlign(_eval.Number(args[1], "a size"));
        var newSize = AddressSpace.PageAlign(_eval.Number(args[2], "a size"));
        long? to = c.To is { } toExpr ? _eval.Number(toExpr, "an address") : null;
        var agent = process.Agent;
        if (to is null && newSize > oldSize && AddressSpace.VmaAt(agent, address) is { } vma
            && (long)(vma.End - agent.Base) == address + oldSize && !AddressSpace.IsFree(agent, address + oldSize, address + newSize))
        {
            var eligible = vma.ThpEligible && newSize >= AddressSpace.PmdSize;
            to = AddressSpace.FindGap(agent, newSize, eligible ? AddressSpace.PmdSize : AddressSpace.PageSize);
        }
        var result = agent.Mremap((ulong)address, (ulong)oldSize, (ulong)newSize, to is { } t ? (ulong)t : null);
        Outcome(result.ErrorOrNull?.Name ?? "ok");
        if (result is not HostResult<ulong>.Ok { Value: var moved })
        {
            Out.WriteLine($"{process.Name}: mremap {Fmt.Hex(address)}: {Describe(result.ErrorOrNull!)}");
            return;
        }
        Out.WriteLine($"{process.Name}: mremap {Fmt.Range(address, address + oldSize)} -> {Fmt.Range((long)moved, (long)moved + newSize)}");
    }

    private void Madvise(MadviseCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "madvise [P] ADDR SIZE ADVICE", 2, 2);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var advice = c.Advice.Value;
        var word = Keywords.WordOf(Keywords.Advices, advice);
        if (!HostWords.TryParseAdvice(word, out var hostAdvice))
        {
            throw new RuntimeError(c.Advice.Span, $"madvise {word}: the host has no such advice");
        }
        if (advice == Advice.PageOut && !Can.Swap.Available)
        {
            Diverge($"'madvise {word}' without swap leaves anonymous pages in place ({Can.Swap.Reason})");
        }
        Report(process, $"madvise {Fmt.Range(address, address + size)} {word}", process.Agent.Madvise((ulong)address, (ulong)size, hostAdvice).ErrorOrNull);
    }

    /// <summary>A system call's outcome: the call on success, the errno otherwise.</summary>
    private void Report(HostProcess process, string call, HostError? error)
    {
        Outcome(error?.Name ?? "ok");
        Out.WriteLine(error is null ? $"{process.Name}: {call}" : $"{process.Name}: {call}: {Describe(error)}");
    }

    private static string Describe(HostError error) => error.IsSignal ? error.Name : $"{error.Name} ({error.Message})";

    private static string Faults(FaultCounts faults) =>
        faults.Total switch
        {
            0 => "no fault",
            1 => "1 fault",
            var n => $"{n} faults",
        } + (faults.Major > 0 ? $" ({faults.Major} major)" : string.Empty);
}
