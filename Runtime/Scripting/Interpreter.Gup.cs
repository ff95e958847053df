using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

public sealed partial class Interpreter
{
    private void Pin(PinCommand c) =>
        TakeHandle(c.Args, "pin [P] ADDR [SIZE] [ro|rw] [longterm]", HandleKind.Pin,
            c.Access?.Value == GupAccess.ReadWrite, c.LongTerm, "pin");

    private void Get(GetCommand c) =>
        TakeHandle(c.Args, "get [P] ADDR [SIZE] [ro|rw]", HandleKind.Get, c.Access?.Value == GupAccess.ReadWrite, false, "get");

    private void Vmsplice(VmspliceCommand c) =>
        TakeHandle(c.Args, "vmsplice [P] ADDR [SIZE]", HandleKind.Pipe, false, false, "vmsplice");

    private void TakeHandle(Operands operands, string synopsis, HandleKind kind, bool write, bool longTerm, string verb)
    {
        var (process, args) = _binder.Target(operands, synopsis, 1, 2);
        var address = _eval.Number(args[0], "an address");
        var size = args.Length == 2 ? _eval.Number(args[1], "a size") : PageTable.PageSize;
        var result = M.GetUserPages(process, address, size, kind, write, longTerm);
        var faults = _events.OfType<Engine.Events.FaultEvent>().ToList();
        var how = kind == HandleKind.Pipe ? string.Empty : write ? " rw" : " ro";
        how += longTerm ? " longterm" : string.Empty;
        if (!result.Ok)
        {
            FlushEvents();
            Refused(process, $"{verb} {Fmt.Range(address, address + size)}{how}", result.Error, result.Detail);
            return;
        }
        Outcome("ok");
        var handle = result.Value;
        var faultPart = faults.Count == 0 ? string.Empty : ": " + string.Join("; ", faults.Select(EventFormatter.Describe));
        var pfns = handle.Pfns.Length <= 4
            ? string.Join(" ", handle.Pfns.Select(Fmt.Pfn))
            : $"{Fmt.Pfn(handle.Pfns[0])}..{Fmt.Pfn(handle.Pfns[^1])}";
        Out.WriteLine($"{process.Name}: {verb} {Fmt.Range(address, address + handle.Size)}{how} -> #{handle.Id} (pfn {pfns}){faultPart}");
        var formatter = Formatter;
        foreach (var e in _events)
        {
            var lines = e is Engine.Events.FaultEvent f ? formatter.TraceLines(f) : formatter.Other(e, insideAccess: true);
            foreach (var line in lines)
            {
                Out.WriteLine(line);
            }
        }
        _events.Clear();
    }

    private GupHandle FindHandle(HandleRef handle) => FindHandle(handle.Number, handle.Span);

    private GupHandle FindHandle(int id, Span span) =>
        M.FindHandle(id) ?? throw new RuntimeError(span, M.Handles.Count == 0
            ? $"no handle #{id}: no handle is open"
            : $"no handle #{id} (open: {string.Join(", ", M.Handles.Keys.Order().Select(k => "#" + k))})");

    private void HandleRead(HandleReadCommand c)
    {
        var handle = FindHandle(c.Handle);
        var who = handle.Kind == HandleKind.Pipe ? "pipe" : "device";
        for (var page = 0; page < handle.Pfns.Length; page++)
        {
            var value = M.HandleRead(handle, (long)page << PageTable.PageShift);
            var at = handle.Pfns.Length == 1 ? string.Empty : $" +{Fmt.Hex((long)page << PageTable.PageShift)}";
            Out.WriteLine($"#{handle.Id}{at}: {who} reads {value} (pfn {Fmt.Pfn(handle.Pfns[page])})");
        }
    }

    private void HandleWrite(HandleWriteCommand c)
    {
        var handle = FindHandle(c.Handle);
        if (!handle.Write)
        {
            throw new RuntimeError(c.Handle.Span, $"#{handle.Id} is read-only: only a rw pin or get can be written through");
        }
        var value = c.Value is { } v ? (ulong)_eval.Number(v, "a value") : ++_session.WriteCounter;
        for (var page = 0; page < handle.Pfns.Length; page++)
        {
            M.HandleWrite(handle, (long)page << PageTable.PageShift, value);
        }
        Out.WriteLine($"#{handle.Id}: device writes {value} (pfn {string.Join(" ", handle.Pfns.Select(Fmt.Pfn))})");
    }

    private void Release(ReleaseCommand c)
    {
        var handle = FindHandle(c.Handle);
        var expected = handle.Kind switch
        {
            HandleKind.Pin => ReleaseKind.Unpin,
            HandleKind.Get => ReleaseKind.Put,
            _ => ReleaseKind.Close,
        };
        if (c.Kind != expected)
        {
            var verb = expected.ToString().ToLowerInvariant();
            throw new RuntimeError(c.Span, $"#{handle.Id} came from {KindWord(handle.Kind)}: release it with '{verb} #{handle.Id}'");
        }
        M.Release(handle.Id);
        Out.WriteLine($"#{handle.Id}: {c.Kind.ToString().ToLowerInvariant()}");
    }

    private static string KindWord(HandleKind kind) => kind switch
    {
        HandleKind.Pin => "pin",
        HandleKind.Get => "get",
        _ => "vmsplice",
    };

    private ulong ReadHandleForQuery(int id, long offset, Span span)
    {
        var handle = FindHandle(id, span);
        if (offset < 0 || offset >= handle.Size || (offset & 7) != 0)
        {
            throw new RuntimeError(span, $"offset {Fmt.Hex(offset)} is outside #{id} or not 8-byte aligned");
        }
        return M.HandleRead(handle, offset);
    }
}
