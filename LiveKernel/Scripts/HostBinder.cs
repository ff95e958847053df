using MmDsl.Runtime.Scripting;

namespace MmDsl.LiveKernel.Scripts;

/// <summary>
/// The names of a host run: processes (each an agent), mapping names and variables, the current
/// process. Operands name processes as in the simulator (<see cref="ProcessBinder{TProcess}"/>).
/// </summary>
internal sealed class HostBinder : ProcessBinder<HostProcess>
{
    private readonly Dictionary<string, HostProcess> processes = new(StringComparer.Ordinal);

    /// <summary>Mapping names and variables (loop variables, <c>let</c>).</summary>
    public Dictionary<string, Value> Names { get; } = new(StringComparer.Ordinal);

    public string? Current { get; set; }

    /// <summary>Live processes, in the order they were created.</summary>
    public IReadOnlyCollection<HostProcess> Processes => processes.Values;

    public override HostProcess? Find(string name) => processes.GetValueOrDefault(name);

    protected override string? CurrentName => Current;

    protected override IEnumerable<string> ProcessNames => processes.Keys;

    public void Add(HostProcess process) => processes[process.Name] = process;

    public void Remove(HostProcess process) => processes.Remove(process.Name);

    /// <summary><c>reset</c>: no process, no name.</summary>
    public void Clear()
    {
        processes.Clear();
        Names.Clear();
        Current = null;
    }
}
