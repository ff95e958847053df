using MmDsl.Runtime.Scripting;
using MmDsl.Runtime.Output;

namespace MmDsl.LiveKernel.Scripts;

internal sealed partial class LiveKernelTarget
{
    public AccessOutcome Access(string name, long address, bool write, ulong value, IAccessSummary? summary)
    {
        var result = Access(P(name), address, write, value, (FaultSummary?)summary);
        return new AccessOutcome(result.ErrorOrNull?.Name ?? "ok", result.IsOk ? result.Unwrap() : 0);
    }

    /// <summary>One 8-byte load or store, with the faults it took (or a SIGSEGV line); returns the word read.</summary>
    private HostResult<ulong> Access(HostProcess process, long address, bool write, ulong value, FaultSummary? summary)
    {
        var agent = process.Agent;
        var at = (ulong)address;
        if (summary is not null)
        {
            summary.Accesses++;
            var quiet = Load();
            summary.Segv += quiet.IsOk ? 0 : 1;
            return quiet;
        }
        // Only a kernel that maps no zero page gives a read fault a new page of its own.
        var noZeroPage = !write && !Can.ZeroPage.Available;
        var wasPresent = noZeroPage && _host.Queries.Present(agent, at).ValueOr(true);
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
        var zeroPart = noZeroPage && faults.Total > 0 && !wasPresent ? " (a new page: this kernel maps no zero page)" : string.Empty;
        Out.WriteLine(head + valuePart + faultPart + zeroPart);
        return result;

        HostResult<ulong> Load() =>
            !write ? agent.Read(at)
            : agent.Write(at, value).ErrorOrNull is { } failed ? HostResult<ulong>.Fail(failed) : HostResult<ulong>.Success(value);
    }

    /// <summary>
    /// A range access counts the faults of its process's agent; a loop those of every agent of the
    /// run (from the agents' own counts: exact, unlike /proc/vmstat).
    /// </summary>
    public IAccessSummary BeginSummary(string? process) => process is null
        ? new FaultSummary(() => _faults.Total())
        : new FaultSummary(P(process).Agent.Faults);

    /// <summary>Every page of a range is touched on the live kernel, holes too.</summary>
    public long HolePages(string process, long at, long left) => 0;

    /// <summary><c>value(P, ADDR)</c>: a load that faults like <c>read</c>, printed only when it faulted.</summary>
    public AccessOutcome ReadWord(string name, long address, IAccessSummary? summary)
    {
        var process = P(name);
        var watched = _windows.Begin();
        try
        {
            HostResult<ulong> result;
            if (summary is not null)
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
            if (result is HostResult<ulong>.Ok ok)
            {
                return new AccessOutcome("ok", ok.Value);
            }
            if (summary is null)
            {
                Out.WriteLine($"{process.Name}: read {Fmt.Hex(address)}: {result.ErrorOrNull!.Name}");
            }
            return new AccessOutcome(result.ErrorOrNull!.Name, 0) { Failure = result.ErrorOrNull!.Name };
        }
        finally
        {
            if (watched)
            {
                _windows.End();
            }
        }
    }

    /// <summary>Accesses counted, not printed: how many, how many died of SIGSEGV, and the faults taken meanwhile.</summary>
    private sealed class FaultSummary(Func<FaultCounts> faults) : IAccessSummary
    {
        private readonly FaultCounts _before = faults();

        public long Accesses { get; set; }

        public long Segv { get; set; }

        public void CountSegvs(long pages)
        {
            Accesses += pages;
            Segv += pages;
        }

        public string Describe() => $"{Faults(faults() - _before)}{(Segv > 0 ? $", {Segv} SIGSEGV" : string.Empty)}";
    }
}
