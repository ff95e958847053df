using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Engine;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
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
            Name = c.Name?.Name,
        };
        var label = c.Name is null ? string.Empty : c.Name.Name + " ";
        var result = M.Mmap(process, at, size, options);
        if (!result.Ok)
        {
            Refused(process, $"mmap {label}{Fmt.Size(size)}{(at is { } a ? $" at {Fmt.Hex(a)}" : string.Empty)}", result.Error, result.Detail);
            return;
        }
        if (c.Name is { } n)
        {
            _session.Names[n.Name] = Value.Of(result.Value, hex: true);
            _session.MappingNames.Add(n.Name);
        }
        Outcome("ok");
        var words = string.Join(" ", c.Flags.Select(f => Keywords.WordOf(Keywords.MmapFlags, f.Value)).Where(w => w is not "rw"));
        var length = (size + PageTable.PageSize - 1) & ~(PageTable.PageSize - 1);
        Out.WriteLine($"{process.Name}: mmap {label}{Fmt.Range(result.Value, result.Value + length)} ({Fmt.Size(length)}){(words.Length > 0 ? " " + words : string.Empty)}");
        FlushPopulate(process);
    }

    /// <summary>MAP_POPULATE faults are summarised, not listed.</summary>
    private void FlushPopulate(Process process)
    {
        var faults = _events.OfType<Engine.Events.FaultEvent>().ToList();
        if (faults.Count == 0)
        {
            return;
        }
        var summary = new AccessSummary();
        foreach (var f in faults)
        {
            summary.Add(f);
        }
        _events.RemoveAll(e => e is Engine.Events.FaultEvent);
        Out.WriteLine($"{process.Name}: populate: {summary.Describe()}");
    }

    private void Munmap(MunmapCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "munmap [P] ADDR SIZE", 2, 2);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var error = M.Munmap(process, address, size);
        FlushEvents();
        Report(process, $"munmap {Fmt.Range(address, address + size)}", error, Why(error));
    }

    private void Mprotect(MprotectCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "mprotect [P] ADDR SIZE ro|rw|none", 2, 2);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var prot = c.Protection.Value;
        var error = M.Mprotect(process, address, size, prot != Protection.None, prot == Protection.ReadWrite);
        FlushEvents();
        Report(process, $"mprotect {Fmt.Range(address, address + size)} {Keywords.WordOf(Keywords.Protections, prot)}", error, Why(error));
    }

    private void Mremap(MremapCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "mremap [P] ADDR OLDSIZE NEWSIZE [to ADDR]", 3, 3);
        var address = _eval.Number(args[0], "an address");
        var oldSize = _eval.Number(args[1], "a size");
        var newSize = _eval.Number(args[2], "a size");
        long? to = c.To is { } toExpr ? _eval.Number(toExpr, "an address") : null;
        var result = M.Mremap(process, address, oldSize, newSize, to);
        FlushEvents();
        if (!result.Ok)
        {
            Refused(process, $"mremap {Fmt.Hex(address)}", result.Error, result.Detail);
            return;
        }
        Outcome("ok");
        Out.WriteLine($"{process.Name}: mremap {Fmt.Range(address, address + oldSize)} -> {Fmt.Range(result.Value, result.Value + newSize)}");
    }

    private void Madvise(MadviseCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "madvise [P] ADDR SIZE ADVICE", 2, 2);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var advice = c.Advice.Value;
        var error = M.Madvise(process, address, size, ToEngine(advice));
        FlushEvents();
        Report(process, $"madvise {Fmt.Range(address, address + size)} {Keywords.WordOf(Keywords.Advices, advice)}", error, Why(error));
    }

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

    /// <summary>Print a system call's outcome: the call on success, the errno the kernel would return otherwise.</summary>
    private void Report(Process process, string call, Errno error, string? detail)
    {
        if (error == Errno.Ok)
        {
            Outcome("ok");
            Out.WriteLine($"{process.Name}: {call}");
            return;
        }
        Refused(process, call, error, detail);
    }

    private void Refused(Process process, string call, Errno error, string? detail)
    {
        Outcome(error.ToString());
        Out.WriteLine($"{process.Name}: {call}: {error}{(detail is null ? string.Empty : $" ({detail})")}");
    }
}
