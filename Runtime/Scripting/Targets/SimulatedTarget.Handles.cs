using MmDsl.Language.Text;
using MmDsl.Engine.Events;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting.Targets;

internal sealed partial class SimulatedTarget
{
    public string TakeHandle(HandleRequest request)
    {
        var kind = request.Verb switch
        {
            "pin" => HandleKind.Pin,
            "get" => HandleKind.Get,
            _ => HandleKind.Pipe,
        };
        var (verb, address, size, write, longTerm) = (request.Verb, request.Address, request.Size, request.Write, request.LongTerm);
        var process = P(request.Process);
        var result = M.GetUserPages(process, address, size, kind, write, longTerm);
        var how = kind == HandleKind.Pipe ? string.Empty : write ? " rw" : " ro";
        how += longTerm ? " longterm" : string.Empty;
        if (!result.Ok)
        {
            FlushEvents();
            var refused = Refused(result.Error, result.Detail);
            Out.WriteLine($"{process.Name}: {verb} {Fmt.Range(address, address + size)}{how}: {refused.Error}{(refused.Detail is null ? string.Empty : $" ({refused.Detail})")}");
            return refused.Outcome;
        }
        var handle = result.Value;
        var pfns = handle.Pfns.Length <= 4
            ? string.Join(" ", handle.Pfns.Select(Fmt.Pfn))
            : $"{Fmt.Pfn(handle.Pfns[0])}..{Fmt.Pfn(handle.Pfns[^1])}";
        Reporter.Access(_events, null, $"{process.Name}: {verb} {Fmt.Range(address, address + handle.Size)}{how} -> #{handle.Id} (pfn {pfns})");
        return "ok";
    }

    private GupHandle FindHandle(int id, Span span) =>
        M.FindHandle(id) ?? throw new RuntimeError(span, M.Handles.Count == 0
            ? $"no handle #{id}: no handle is open"
            : $"no handle #{id} (open: {string.Join(", ", M.Handles.Keys.Order().Select(k => "#" + k))})");

    public string HandleVerb(int id, Span span) => FindHandle(id, span).Kind switch
    {
        HandleKind.Pin => "pin",
        HandleKind.Get => "get",
        _ => "vmsplice",
    };

    public bool HandleWritable(int id, Span span) => FindHandle(id, span).Write;

    public void HandleRead(int id, Span span)
    {
        var handle = FindHandle(id, span);
        var who = handle.Kind == HandleKind.Pipe ? "pipe" : "device";
        for (var page = 0; page < handle.Pfns.Length; page++)
        {
            var value = M.HandleRead(handle, (long)page << PageTable.PageShift);
            var at = handle.Pfns.Length == 1 ? string.Empty : $" +{Fmt.Hex((long)page << PageTable.PageShift)}";
            Out.WriteLine($"#{handle.Id}{at}: {who} reads {value} (pfn {Fmt.Pfn(handle.Pfns[page])})");
        }
    }

    public void HandleWrite(int id, ulong value, Language.Syntax.Command command)
    {
        var handle = M.FindHandle(id)!;
        for (var page = 0; page < handle.Pfns.Length; page++)
        {
            M.HandleWrite(handle, (long)page << PageTable.PageShift, value);
        }
        Out.WriteLine($"#{handle.Id}: device writes {value} (pfn {string.Join(" ", handle.Pfns.Select(Fmt.Pfn))})");
    }

    public void Release(int id) => M.Release(id);

    public Value ReadHandle(int id, long offset, Span span)
    {
        var handle = FindHandle(id, span);
        if (offset < 0 || offset >= handle.Size || (offset & 7) != 0)
        {
            throw new RuntimeError(span, $"offset {Fmt.Hex(offset)} is outside #{id} or not 8-byte aligned");
        }
        return Value.Of((long)M.HandleRead(handle, offset));
    }
}
