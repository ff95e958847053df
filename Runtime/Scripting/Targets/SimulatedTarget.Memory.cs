using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Scripting.Targets;

internal sealed partial class SimulatedTarget
{
    public SyscallOutcome Mmap(string process, MmapRequest request)
    {
        var flags = request.Flags;
        var options = new MmapOptions
        {
            Read = !flags.Contains(MmapFlag.None),
            Write = !flags.Contains(MmapFlag.None) && !flags.Contains(MmapFlag.ReadOnly),
            Shared = flags.Contains(MmapFlag.Shared),
            HugePage = flags.Contains(MmapFlag.Thp),
            NoHugePage = flags.Contains(MmapFlag.NoThp),
            Populate = flags.Contains(MmapFlag.Populate),
            DontFork = flags.Contains(MmapFlag.DontFork),
            WipeOnFork = flags.Contains(MmapFlag.WipeOnFork),
            Locked = flags.Contains(MmapFlag.Locked),
            Name = request.Name,
            File = request.File is { } file ? M.FindMemfd(file)!.Id : 0,
        };
        var result = M.Mmap(P(process), request.At, request.Size, options);
        if (!result.Ok)
        {
            return Refused(result.Error, result.Detail);
        }
        return new SyscallOutcome(null)
        {
            Address = result.Value,
            Length = (request.Size + PageTable.PageSize - 1) & ~(PageTable.PageSize - 1),
            Populate = Populated(),
        };
    }

    /// <summary>MAP_POPULATE faults are summarised, not listed.</summary>
    private string? Populated()
    {
        if (!_events.OfType<FaultEvent>().Any())
        {
            return null;
        }
        var summary = new AccessSummary();
        foreach (var f in _events.OfType<FaultEvent>())
        {
            summary.Add(f);
        }
        _events.RemoveAll(e => e is FaultEvent);
        return summary.Describe();
    }

    public SyscallOutcome Munmap(string process, long address, long size) => Done(M.Munmap(P(process), address, size));

    public SyscallOutcome Mlock(string process, long address, long size, bool locked)
    {
        var error = locked ? M.Mlock(P(process), address, size) : M.Munlock(P(process), address, size);
        return error == Errno.Ok ? new SyscallOutcome(null) { Populate = Populated() } : Done(error);
    }

    public SyscallOutcome Mprotect(string process, long address, long size, Protection protection) =>
        Done(M.Mprotect(P(process), address, size, protection != Protection.None, protection == Protection.ReadWrite));

    public SyscallOutcome Mremap(string process, long address, long oldSize, long newSize, long? to)
    {
        var result = M.Mremap(P(process), address, oldSize, newSize, to);
        FlushEvents();
        return result.Ok
            ? new SyscallOutcome(null) { Address = result.Value, Length = oldSize, NewLength = newSize }
            : Refused(result.Error, result.Detail);
    }

    public SyscallOutcome Madvise(string process, long address, long size, Keyword<Advice> advice) =>
        Done(M.Madvise(P(process), address, size, ToEngine(advice.Value)));

    /// <summary>The engine's events first, then the call's outcome.</summary>
    private SyscallOutcome Done(Errno error)
    {
        FlushEvents();
        return error == Errno.Ok ? SyscallOutcome.Ok : Refused(error, Why(error));
    }

    private static SyscallOutcome Refused(Errno error, string? detail) => SyscallOutcome.Failed(error.ToString(), detail);

    private static MadviseAdvice ToEngine(Advice advice) => advice switch
    {
        Advice.DontNeed => MadviseAdvice.DontNeed,
        Advice.Free => MadviseAdvice.Free,
        Advice.WillNeed => MadviseAdvice.WillNeed,
        Advice.HugePage => MadviseAdvice.HugePage,
        Advice.NoHugePage => MadviseAdvice.NoHugePage,
        Advice.Collapse => MadviseAdvice.Collapse,
        Advice.PageOut => MadviseAdvice.PageOut,
        Advice.Cold => MadviseAdvice.Cold,
        Advice.DontFork => MadviseAdvice.DontFork,
        Advice.DoFork => MadviseAdvice.DoFork,
        Advice.WipeOnFork => MadviseAdvice.WipeOnFork,
        Advice.Mergeable => MadviseAdvice.Mergeable,
        Advice.Unmergeable => MadviseAdvice.Unmergeable,
        _ => MadviseAdvice.KeepOnFork,
    };

    /// <summary>What an errno of munmap, mprotect or madvise means here.</summary>
    private static string? Why(Errno error) => error switch
    {
        Errno.EINVAL => "bad alignment, length or advice for this mapping",
        Errno.ENOMEM => "part of the range is not mapped",
        Errno.EAGAIN => "some of the range could not be done",
        _ => null,
    };
}
