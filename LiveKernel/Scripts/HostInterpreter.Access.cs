using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

public sealed partial class HostInterpreter
{
    /// <summary>Loops with more iterations than this summarise their accesses, as the simulator's do.</summary>
    private const int LoopPrintLimit = MmDsl.Runtime.Scripting.Interpreter.LoopPrintLimit;

    /// <summary>Accesses of a long loop, counted instead of printed.</summary>
    private LoopSummary? _summary;

    private void Read(ReadCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "read [P] ADDR [SIZE]", 1, 2);
        var address = _eval.Number(args[0], "an address");
        if (args.Length == 2)
        {
            RangeAccess(process, address, _eval.Number(args[1], "a size"), args[1].Span, write: false, value: null);
            return;
        }
        CheckWordAligned(address, args[0].Span);
        Outcome(Access(process, address, write: false, 0).ErrorOrNull?.Name ?? "ok");
    }

    private void Write(WriteCommand c)
    {
        var (process, args) = _binder.Target(c.Args, "write [P] ADDR [SIZE] [= VALUE]", 1, 2);
        var address = _eval.Number(args[0], "an address");
        ulong? value = c.Value is { } v ? (ulong)_eval.Number(v, "a value") : null;
        if (args.Length == 2)
        {
            RangeAccess(process, address, _eval.Number(args[1], "a size"), args[1].Span, write: true, value);
            return;
        }
        CheckWordAligned(address, args[0].Span);
        Outcome(Access(process, address, write: true, value ?? ++_writeCounter).ErrorOrNull?.Name ?? "ok");
    }

    /// <summary>One 8-byte load or store, with the faults it took (or a SIGSEGV line); returns the word read.</summary>
    private HostResult<ulong> Access(HostProcess process, long address, bool write, ulong value)
    {
        var agent = process.Agent;
        var at = (ulong)address;
        if (_summary is { } summary)
        {
            summary.Accesses++;
            var quiet = Load();
            summary.Segv += quiet.IsOk ? 0 : 1;
            return quiet;
        }
        var wasPresent = !write && !Can.ZeroPage.Available && _host.Queries.Present(agent, at).ValueOr(true);
        var before = agent.Faults();
        var result = Load();
        var faults = agent.Faults() - before;
        var verb = write ? "write" : "read";
        if (result.ErrorOrNull is { } error)
        {
            Out.WriteLine($"{process.Name}: {verb} {Fmt.Hex(address)}: {error.Name}");
            return result;
        }
        var head = write ? $"{process.Name}: write {Fmt.Hex(address)} = {value}" : $"{process.Name}: read {Fmt.Hex(address)}";
        var valuePart = write ? string.Empty : $" = {Fmt.Dec((long)result.Unwrap())}";
        var faultPart = faults.Total == 0 ? string.Empty : ": " + Faults(faults);
        var zeroPart = !write && faults.Total > 0 && !wasPresent ? " (a new page: this kernel maps no zero page)" : string.Empty;
        Out.WriteLine(head + valuePart + faultPart + zeroPart);
        return result;

        HostResult<ulong> Load() =>
            !write ? agent.Read(at)
            : agent.Write(at, value).ErrorOrNull is { } failed ? HostResult<ulong>.Fail(failed) : HostResult<ulong>.Success(value);
    }

    /// <summary>read/write with SIZE: one access at the start of every page, and a summary line.</summary>
    private void RangeAccess(HostProcess process, long address, long size, Span sizeSpan, bool write, ulong? value)
    {
        if ((address & (AddressSpace.PageSize - 1)) != 0)
        {
            throw new RuntimeError(sizeSpan, $"a range access needs a page-aligned address, not {Fmt.Hex(address)}");
        }
        if (size <= 0)
        {
            throw new RuntimeError(sizeSpan, "the size must be positive");
        }
        var pages = (size + AddressSpace.PageSize - 1) / AddressSpace.PageSize;
        var own = _summary is null;
        var summary = _summary ??= new LoopSummary();
        var first = _writeCounter + 1;
        var before = own ? process.Agent.Faults() : default;
        try
        {
            for (long i = 0; i < pages; i++)
            {
                if ((i & 0xFFF) == 0)
                {
                    Cancellation.ThrowIfCancellationRequested();
                }
                Access(process, address + i * AddressSpace.PageSize, write, value ?? ++_writeCounter);
            }
        }
        finally
        {
            if (own)
            {
                _summary = null;
            }
        }
        if (!own)
        {
            return;
        }
        var faults = process.Agent.Faults() - before;
        var values = write ? value is { } fixedValue ? $" = {fixedValue}" : pages == 1 ? $" = {first}" : $" = {first}..{_writeCounter}" : string.Empty;
        var noun = pages == 1 ? "page" : "pages";
        var segv = summary.Segv > 0 ? $", {summary.Segv} SIGSEGV" : string.Empty;
        Out.WriteLine($"{process.Name}: {(write ? "write" : "read")} {Fmt.Range(address, address + pages * AddressSpace.PageSize)} ({pages} {noun}){values}: {Faults(faults)}{segv}");
    }

    private void For(ForCommand c)
    {
        var from = _eval.Number(c.From, "a number");
        var to = _eval.Number(c.To, "a number");
        var name = c.Variable.Name;
        if (_binder.Find(name) is not null)
        {
            throw new RuntimeError(c.Variable.Span, $"'{name}' already names a process");
        }
        var had = _binder.Names.TryGetValue(name, out var previous);
        var summarise = _summary is null && to - from > LoopPrintLimit;
        var before = summarise ? _faults.Total() : default;
        if (summarise)
        {
            _summary = new LoopSummary();
        }
        try
        {
            for (var i = from; i < to; i++)
            {
                _binder.Names[name] = Value.Of(i);
                RunInner(c.Body);
            }
        }
        finally
        {
            if (had)
            {
                _binder.Names[name] = previous;
            }
            else
            {
                _binder.Names.Remove(name);
            }
            if (summarise)
            {
                var summary = _summary!;
                _summary = null;
                if (summary.Accesses > 0)
                {
                    var segv = summary.Segv > 0 ? $", {summary.Segv} SIGSEGV" : string.Empty;
                    Out.WriteLine($"for {name} in {from}..{to}: {summary.Accesses} accesses, {Faults(_faults.Total() - before)}{segv}");
                }
            }
        }
    }

    /// <summary>value(P, ADDR): a load that faults like <c>read</c>, printed only when it faulted.</summary>
    private ulong ReadForQuery(HostProcess process, long address, Span span)
    {
        CheckWordAligned(address, span);
        var watched = _windows.Begin();
        try
        {
            return ReadWord(process, address, span);
        }
        finally
        {
            if (watched)
            {
                _windows.End();
            }
        }
    }

    private ulong ReadWord(HostProcess process, long address, Span span)
    {
        HostResult<ulong> result;
        if (_summary is not null)
        {
            result = process.Agent.Read((ulong)address);
        }
        else
        {
            var before = process.Agent.Faults();
            result = process.Agent.Read((ulong)address);
            var faults = process.Agent.Faults() - before;
            if (faults.Total > 0 && result.IsOk)
            {
                Out.WriteLine($"{process.Name}: read {Fmt.Hex(address)} = {Fmt.Dec((long)result.Unwrap())}: {Faults(faults)}");
            }
        }
        return result is HostResult<ulong>.Ok ok
            ? ok.Value
            : throw new RuntimeError(span, $"value({process.Name}, {Fmt.Hex(address)}): {result.ErrorOrNull!.Name}");
    }

    private static void CheckWordAligned(long address, Span span)
    {
        if ((address & 7) != 0)
        {
            throw new RuntimeError(span, $"address {Fmt.Hex(address)} is not 8-byte aligned: read and write access whole 8-byte words");
        }
    }

    private sealed class LoopSummary
    {
        public long Accesses { get; set; }

        public long Segv { get; set; }
    }
}
