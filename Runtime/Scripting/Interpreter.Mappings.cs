using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

internal sealed partial class Interpreter
{
    private void Mmap(MmapCommand c)
    {
        var process = _binder.CurrentProcess(c.Span);
        if (c.Name is { } name)
        {
            CheckNotProcess(name);
        }
        var size = _eval.Number(c.Size, "a size");
        // Whole pages; a length past user space (TASK_SIZE) is the kernel's ENOMEM, whatever its remainder.
        if (size > 0 && size <= 0x7fff_ffff_f000 && size % PageSize != 0)
        {
            throw new RuntimeError(c.Size.Span, $"mmap size {Fmt.Size(size)} is not a multiple of 4K: sizes and addresses are whole pages");
        }
        long? at = c.At is { } atExpr ? _eval.Number(atExpr, "an address") : null;
        var file = c.File is { } f ? MemfdName(f) : null;
        var label = c.Name is null ? string.Empty : c.Name.Name + " ";
        var result = _target.Mmap(process, new MmapRequest(c.Name?.Name, size, at, c.Flags.Select(f => f.Value).ToHashSet()) { File = file });
        Outcome(result.Outcome);
        if (result.Error is not null)
        {
            Refused(process, $"mmap {label}{Fmt.Size(size)}{(at is { } a ? $" at {Fmt.Hex(a)}" : string.Empty)}", result);
            return;
        }
        if (c.Name is { } n)
        {
            State.Names[n.Name] = Value.Of(result.Address, hex: true);
            State.MappingNames.Add(n.Name);
        }
        var words = string.Join(" ", (file is null ? [] : new[] { "memfd " + file }).Concat(c.Flags.Select(f => Keywords.WordOf(Keywords.MmapFlags, f.Value)).Where(w => w is not "rw")));
        Out.WriteLine($"{process}: mmap {label}{Fmt.Range(result.Address, result.Address + result.Length)} ({Fmt.Size(result.Length)}){(words.Length > 0 ? " " + words : string.Empty)}");
        if (result.Populate is { } populate)
        {
            Out.WriteLine($"{process}: populate: {populate}");
        }
    }

    private void Munmap(MunmapCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        Report(process, $"munmap {Fmt.Range(address, address + size)}", _target.Munmap(process, address, size));
    }

    private void Mlock(MlockCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var verb = c.Unlock ? "munlock" : "mlock";
        var result = _target.Mlock(process, address, size, !c.Unlock);
        Report(process, $"{verb} {Fmt.Range(address, address + size)}", result);
        if (result.Populate is { } populate)
        {
            Out.WriteLine($"{process}: populate: {populate}");
        }
    }

    private void Mprotect(MprotectCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var prot = c.Protection.Value;
        var result = _target.Mprotect(process, address, size, prot);
        Report(process, $"mprotect {Fmt.Range(address, address + size)} {Keywords.WordOf(Keywords.Protections, prot)}", result);
    }

    private void Mremap(MremapCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        var oldSize = _eval.Number(args[1], "a size");
        var newSize = _eval.Number(args[2], "a size");
        long? to = c.To is { } toExpr ? _eval.Number(toExpr, "an address") : null;
        var result = _target.Mremap(process, address, oldSize, newSize, to);
        Outcome(result.Outcome);
        if (result.Error is not null)
        {
            Refused(process, $"mremap {Fmt.Hex(address)}", result);
            return;
        }
        Out.WriteLine($"{process}: mremap {Fmt.Range(address, address + result.Length)} -> {Fmt.Range(result.Address, result.Address + result.NewLength)}");
    }

    private void Madvise(MadviseCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        var size = _eval.Number(args[1], "a size");
        var result = _target.Madvise(process, address, size, c.Advice);
        Report(process, $"madvise {Fmt.Range(address, address + size)} {Keywords.WordOf(Keywords.Advices, c.Advice.Value)}", result);
    }

    /// <summary>A system call's outcome: the call on success, the errno otherwise.</summary>
    private void Report(string process, string call, SyscallOutcome result)
    {
        Outcome(result.Outcome);
        if (result.Error is null)
        {
            Out.WriteLine($"{process}: {call}");
            return;
        }
        Refused(process, call, result);
    }

    private void Refused(string process, string call, SyscallOutcome result) =>
        Out.WriteLine($"{process}: {call}: {result.Error}{(result.Detail is null ? string.Empty : $" ({result.Detail})")}");
}
