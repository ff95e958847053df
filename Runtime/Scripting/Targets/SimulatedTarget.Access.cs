using MmDsl.Engine;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting.Targets;

internal sealed partial class SimulatedTarget
{
    public AccessOutcome Access(string process, long address, bool write, ulong value, IAccessSummary? summary)
    {
        var p = P(process);
        var result = write ? M.Write(p, address, value) : M.Read(p, address);
        PrintAccess(p, write, address, result, value, (AccessSummary?)summary);
        return new AccessOutcome(Outcome(result), result.Value, Stop: result.Status == AccessStatus.Oom);
    }

    public IAccessSummary BeginSummary(string? process) => new AccessSummary();

    public long HolePages(string process, long at, long left)
    {
        var mm = P(process).Mm;
        if (mm.FindVma(at) is not null)
        {
            return 0;
        }
        var next = mm.NextVmaStart(at);
        return next == long.MaxValue ? left : Math.Min(left, (next - at) >> PageTable.PageShift);
    }

    public AccessOutcome ReadWord(string process, long address, IAccessSummary? summary)
    {
        var p = P(process);
        var result = M.Read(p, address);
        if (_events.Count > 0)
        {
            PrintAccess(p, write: false, address, result, 0, (AccessSummary?)summary);
        }
        return new AccessOutcome(Outcome(result), result.Value)
        {
            Failure = result.Status switch
            {
                AccessStatus.Ok => null,
                AccessStatus.Segv => "SIGSEGV",
                AccessStatus.Bus => "SIGBUS",
                _ => "out of memory",
            },
        };
    }

    private static string Outcome(Engine.AccessResult result) => result.Status switch
    {
        AccessStatus.Segv => "SIGSEGV",
        AccessStatus.Bus => "SIGBUS",
        AccessStatus.Oom => "ENOMEM",
        _ => "ok",
    };

    /// <summary>One line per access: the faults it took, or the value it read; counted instead inside a range or a long loop.</summary>
    private void PrintAccess(Process process, bool write, long address, Engine.AccessResult result, ulong written, AccessSummary? summary)
    {
        if (summary is not null)
        {
            EventReporter.Count(_events, summary);
            return;
        }
        if (result.Status is AccessStatus.Segv or AccessStatus.Bus)
        {
            FlushEvents();
            return;
        }
        var head = write ? $"{process.Name}: write {Fmt.Hex(address)} = {written}" : $"{process.Name}: read {Fmt.Hex(address)} = {Fmt.Dec((long)result.Value)}";
        Reporter.Access(_events, summary, head);
    }
}
