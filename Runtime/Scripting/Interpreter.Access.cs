using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    private void Read(ReadCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "read [P] ADDR [SIZE]", 1, 2);
        var address = _eval.Number(args[0], "an address");
        if (args.Length == 2)
        {
            var size = _eval.Number(args[1], "a size");
            RangeAccess(process, address, size, args[1].Span, write: false, value: null);
            return;
        }
        CheckWordAligned(address, args[0].Span);
        var result = M.Read(process, address);
        AccessOutcome(result);
        PrintAccess(process, "read", address, result, Fmt.Dec((long)result.Value));
    }

    private void Write(WriteCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "write [P] ADDR [SIZE] [= VALUE]", 1, 2);
        var address = _eval.Number(args[0], "an address");
        ulong? value = c.Value is { } v ? (ulong)_eval.Number(v, "a value") : null;
        if (args.Length == 2)
        {
            var size = _eval.Number(args[1], "a size");
            RangeAccess(process, address, size, args[1].Span, write: true, value);
            return;
        }
        CheckWordAligned(address, args[0].Span);
        var word = value ?? ++_session.WriteCounter;
        var result = M.Write(process, address, word);
        AccessOutcome(result);
        PrintAccess(process, "write", address, result, null, word);
    }

    private void AccessOutcome(AccessResult result) => Outcome(result.Status switch
    {
        AccessStatus.Segv => "SIGSEGV",
        AccessStatus.Oom => "ENOMEM",
        _ => "ok",
    });

    /// <summary>One line per access: the faults it took, or the value it read.</summary>
    private void PrintAccess(Process process, string verb, long address, AccessResult result, string? readValue, ulong written = 0)
    {
        if (_summary is { } summary)
        {
            summary.Accesses++;
            foreach (var e in _events)
            {
                summary.Add(e);
            }
            _events.Clear();
            return;
        }
        var head = verb == "write" ? $"{process.Name}: write {Fmt.Hex(address)} = {written}" : $"{process.Name}: read {Fmt.Hex(address)}";
        if (result.Status == AccessStatus.Segv)
        {
            FlushEvents();
            return;
        }
        var faults = _events.OfType<FaultEvent>().ToList();
        var valuePart = readValue is null ? string.Empty : $" = {readValue}";
        var faultPart = faults.Count == 0 ? string.Empty : ": " + string.Join("; ", faults.Select(EventFormatter.Describe));
        Out.WriteLine(head + valuePart + faultPart);
        var formatter = Formatter;
        foreach (var e in _events)
        {
            var lines = e is FaultEvent f ? formatter.TraceLines(f) : formatter.Other(e, insideAccess: true);
            foreach (var line in lines)
            {
                Out.WriteLine(line);
            }
        }
        _events.Clear();
    }

    /// <summary>read/write with SIZE: one access at the start of every page, and a summary line.</summary>
    private void RangeAccess(Process process, long address, long size, Span sizeSpan, bool write, ulong? value)
    {
        if ((address & (PageTable.PageSize - 1)) != 0)
        {
            throw new RuntimeError(sizeSpan, $"a range access needs a page-aligned address, not {Fmt.Hex(address)}");
        }
        if (size <= 0)
        {
            throw new RuntimeError(sizeSpan, "the size must be positive");
        }
        var pages = (size >> PageTable.PageShift) + ((size & (PageTable.PageSize - 1)) != 0 ? 1 : 0);
        var own = _summary is null;
        var summary = _summary ?? new AccessSummary();
        var first = _session.WriteCounter + 1;
        for (long i = 0; i < pages; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                _session.Cancellation.ThrowIfCancellationRequested();
            }
            var at = address + (i << PageTable.PageShift);
            if (process.Mm.FindVma(at) is null)
            {
                // A hole faults SIGSEGV page after page: counted at once, so a range costs what is mapped.
                var skip = HolePages(process, at, pages - i);
                summary.Accesses += skip;
                summary.Segvs += skip;
                _session.WriteCounter += write && value is null ? (ulong)skip : 0;
                i += skip - 1;
                continue;
            }
            var result = write ? M.Write(process, at, value ?? ++_session.WriteCounter) : M.Read(process, at);
            summary.Accesses++;
            foreach (var e in _events)
            {
                summary.Add(e);
            }
            _events.Clear();
            if (result.Status == AccessStatus.Oom)
            {
                break;
            }
        }
        if (!own)
        {
            return;
        }
        var values = write ? value is { } fixedValue ? $" = {fixedValue}" : pages == 1 ? $" = {first}" : $" = {first}..{_session.WriteCounter}" : string.Empty;
        var noun = pages == 1 ? "page" : "pages";
        Out.WriteLine($"{process.Name}: {(write ? "write" : "read")} {Fmt.Range(address, address + (pages << PageTable.PageShift))} ({pages} {noun}){values}: {summary.Describe()}");
    }

    /// <summary>How many of the <paramref name="left"/> pages from <paramref name="at"/> lie before the next VMA.</summary>
    private static long HolePages(Process process, long at, long left)
    {
        var next = process.Mm.NextVmaStart(at);
        return next == long.MaxValue ? left : Math.Min(left, (next - at) >> PageTable.PageShift);
    }

    private static void CheckWordAligned(long address, Span span)
    {
        if ((address & 7) != 0)
        {
            throw new RuntimeError(span, $"address {Fmt.Hex(address)} is not 8-byte aligned: read and write access whole 8-byte words");
        }
    }

    /// <summary>value(P, ADDR): a read that faults like <c>read</c> and prints its faults.</summary>
    private ulong ReadForQuery(Process process, long address, Span span)
    {
        CheckWordAligned(address, span);
        var result = M.Read(process, address);
        if (_events.Count > 0)
        {
            PrintAccess(process, "read", address, result, Fmt.Dec((long)result.Value));
        }
        if (result.Status != AccessStatus.Ok)
        {
            throw new RuntimeError(span, $"value({process.Name}, {Fmt.Hex(address)}): {(result.Status == AccessStatus.Segv ? "SIGSEGV" : "out of memory")}");
        }
        return result.Value;
    }
}
