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
        if (summary is not null)
        {
            Count((AccessSummary)summary);
        }
        else
        {
            PrintAccess(p, write, address, result, value);
        }
        return new AccessOutcome(Outcome(result), result.Value, Stop: result.Status == AccessStatus.Oom);
    }

    public IAccessSummary BeginSummary(string? process) => new AccessSummary();

    public AccessOutcome ReadWord(string process, long address, IAccessSummary? summary)
    {
        var p = P(process);
        var result = M.Read(p, address);
        if (_events.Count > 0)
        {
            if (summary is not null)
            {
                Count((AccessSummary)summary);
            }
            else
            {
                PrintAccess(p, write: false, address, result, 0);
            }
        }
        return new AccessOutcome(Outcome(result), result.Value)
        {
            Failure = result.Status switch
            {
                AccessStatus.Ok => null,
                AccessStatus.Segv => "SIGSEGV",
                _ => "out of memory",
            },
        };
    }

    private static string Outcome(Engine.AccessResult result) => result.Status switch
    {
        AccessStatus.Segv => "SIGSEGV",
        AccessStatus.Oom => "ENOMEM",
        _ => "ok",
    };

    /// <summary>An access inside a range or a long loop: counted with what its faults decided.</summary>
    private void Count(AccessSummary summary)
    {
        summary.Accesses++;
        foreach (var e in _events)
        {
            summary.Add(e);
        }
        _events.Clear();
    }

    /// <summary>One line per access: the faults it took, or the value it read.</summary>
    private void PrintAccess(Process process, bool write, long address, Engine.AccessResult result, ulong written)
    {
        if (result.Status == AccessStatus.Segv)
        {
            FlushEvents();
            return;
        }
        var head = write ? $"{process.Name}: write {Fmt.Hex(address)} = {written}" : $"{process.Name}: read {Fmt.Hex(address)}";
        var faults = _events.OfType<FaultEvent>().ToList();
        var valuePart = write ? string.Empty : $" = {Fmt.Dec((long)result.Value)}";
        var faultPart = faults.Count == 0 ? string.Empty : ": " + string.Join("; ", faults.Select(EventFormatter.Describe));
        Out.WriteLine(head + valuePart + faultPart);
        PrintEventsInside();
    }
}
