using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

internal sealed partial class Interpreter
{
    private const long PageSize = 4096;

    private void Read(ReadCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        if (args.Length == 2)
        {
            RangeAccess(process, address, _eval.Number(args[1], "a size"), args[1].Span, write: false, value: null);
            return;
        }
        CheckWordAligned(address, args[0].Span);
        Outcome(_target.Access(process, address, write: false, 0, _summary).Outcome);
    }

    private void Write(WriteCommand c)
    {
        var (process, args) = _binder.Target(c.Args);
        var address = _eval.Number(args[0], "an address");
        ulong? value = c.Value is { } v ? (ulong)_eval.Number(v, "a value") : null;
        if (args.Length == 2)
        {
            RangeAccess(process, address, _eval.Number(args[1], "a size"), args[1].Span, write: true, value);
            return;
        }
        CheckWordAligned(address, args[0].Span);
        Outcome(_target.Access(process, address, write: true, value ?? ++State.WriteCounter, _summary).Outcome);
    }

    /// <summary>read/write with SIZE: one access at the start of every page, and a summary line.</summary>
    private void RangeAccess(string process, long address, long size, Span sizeSpan, bool write, ulong? value)
    {
        if ((address & (PageSize - 1)) != 0)
        {
            throw new RuntimeError(sizeSpan, $"a range access needs a page-aligned address, not {Fmt.Hex(address)}");
        }
        if (size <= 0)
        {
            throw new RuntimeError(sizeSpan, "the size must be positive");
        }
        var pages = (size / PageSize) + ((size & (PageSize - 1)) != 0 ? 1 : 0);
        var own = _summary is null;
        var summary = _summary ?? _target.BeginSummary(process);
        var first = State.WriteCounter + 1;
        for (long i = 0; i < pages; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                State.Cancellation.ThrowIfCancellationRequested();
            }
            var at = address + i * PageSize;
            // a read stores nothing: it takes no value from the write counter
            var outcome = _target.Access(process, at, write, write ? value ?? ++State.WriteCounter : 0, summary);
            if (outcome.Stop)
            {
                break;
            }
            // A hole faults SIGSEGV page after page: the rest of it is counted at once, so a range
            // costs what is mapped, and mapped pages pay no hole test.
            if (outcome.Outcome == "SIGSEGV" && _target.HolePages(process, at + PageSize, pages - i - 1) is var hole and > 0)
            {
                summary.CountSegvs(hole);
                State.WriteCounter += write && value is null ? (ulong)hole : 0;
                i += hole;
            }
        }
        if (!own)
        {
            return;
        }
        var values = write ? value is { } fixedValue ? $" = {fixedValue}" : pages == 1 ? $" = {first}" : $" = {first}..{State.WriteCounter}" : string.Empty;
        var noun = pages == 1 ? "page" : "pages";
        Out.WriteLine($"{process}: {(write ? "write" : "read")} {Fmt.Range(address, address + pages * PageSize)} ({pages} {noun}){values}: {summary.Describe()}");
    }

    private static void CheckWordAligned(long address, Span span)
    {
        if ((address & 7) != 0)
        {
            throw new RuntimeError(span, $"address {Fmt.Hex(address)} is not 8-byte aligned: read and write access whole 8-byte words");
        }
    }

    /// <summary>
    /// <c>value(P, ADDR)</c>: a load that faults like <c>read</c>. A SIGSEGV prints its line (the
    /// target prints it) and the load gives 0, as a signal handler that skips the load would; the
    /// script goes on. Running out of memory stops it.
    /// </summary>
    private ulong ReadForQuery(string process, long address, Span span)
    {
        CheckWordAligned(address, span);
        var result = _target.ReadWord(process, address, _summary);
        return result.Failure switch
        {
            null => result.Value,
            "SIGSEGV" or "SIGBUS" => 0,
            var why => throw new RuntimeError(span, $"value({process}, {Fmt.Hex(address)}): {why}"),
        };
    }
}
