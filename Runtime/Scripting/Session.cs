using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// Everything one run of the language keeps between commands: the machine, the current process,
/// the names scripts define, the write counter, and the outcome so far. Plain data, so that the
/// whole session can be snapshot for <c>undo</c> and for running a script once per era.
/// </summary>
internal sealed class Session : IScriptState
{
    public Session(TextWriter output, KernelVersion? version = null, MachineSettings? settings = null)
    {
        Output = output;
        Version = version ?? KernelVersion.Latest;
        Machine = new Machine(Version, settings);
    }

    public TextWriter Output { get; set; }

    public Machine Machine { get; private set; }

    public KernelVersion Version { get; private set; }

    public EraPolicy Era => Machine.Era;

    /// <summary>The process commands act on when they name none.</summary>
    public string? Current { get; set; }

    /// <summary>Mapping names and variables (loop variables, <c>let</c>).</summary>
    public Dictionary<string, Value> Names { get; private set; } = [];

    /// <summary>Names that came from <c>mmap NAME</c> (for completion and highlighting).</summary>
    public HashSet<string> MappingNames { get; private set; } = [];

    /// <summary>The default value of the next <c>write</c>.</summary>
    public ulong WriteCounter { get; set; }

    public bool Trace { get; set; }

    /// <summary>Print every line of what touches many pages (<c>--full</c>): no folding of runs of like lines.</summary>
    public bool Full { get; set; }

    /// <summary>Refuse C# snippets (<c>--no-csharp</c>).</summary>
    public bool NoCSharp { get; set; }

    public int FailedExpectations { get; set; }

    public int Errors { get; set; }

    /// <summary>Values of <c>print</c> and outcomes of <c>expect</c>, in order, for comparison tables.</summary>
    public List<Observation> Observations { get; private set; } = [];

    /// <summary>What system calls and single accesses returned, for comparison with another backend.</summary>
    public OutcomeLog Outcomes { get; } = new();

    public CancellationToken Cancellation { get; set; }

    /// <summary>Eras run at once by <c>compare</c> (<c>--jobs</c>); 1 runs them one after another.</summary>
    public int Jobs { get; set; } = 1;

    /// <summary>The simulator does every command.</summary>
    int IScriptState.Skipped { get; set; }

    /// <summary>The simulator's memory is the simulator's.</summary>
    string? IScriptState.Diverged { get; set; }

    public IReadOnlyList<Process> Processes => Machine.Processes;

    public Process? FindProcess(string name) => Machine.FindProcess(name);

    /// <summary>
    /// A fresh machine of <paramref name="version"/> with the current settings, deciding as that
    /// version does or, with <paramref name="policy"/>, as the policy over it does.
    /// </summary>
    public void SetKernel(KernelVersion version, IEraOverrides? policy = null)
    {
        Version = version;
        var era = EraPolicy.For(version);
        Machine = new Machine(policy is null ? era : new OverriddenEra(era, policy), Machine.Settings);
    }

    /// <summary><c>reset</c>: a fresh machine with the same kernel and settings; names, handles and the write counter start again.</summary>
    public void Reset()
    {
        Machine = new Machine(Machine.Era, Machine.Settings);
        Current = null;
        Names = [];
        MappingNames = [];
        WriteCounter = 0;
    }

    /// <summary>A copy of the whole state, machine included.</summary>
    public SessionSnapshot Snapshot() => new(
        Machine.Clone(), Version, Current, new Dictionary<string, Value>(Names), [.. MappingNames], WriteCounter, Trace, Full);

    public void Restore(SessionSnapshot snapshot)
    {
        Machine = snapshot.Machine.Clone();
        Version = snapshot.Version;
        Current = snapshot.Current;
        Names = new Dictionary<string, Value>(snapshot.Names);
        MappingNames = [.. snapshot.MappingNames];
        WriteCounter = snapshot.WriteCounter;
        Trace = snapshot.Trace;
        Full = snapshot.Full;
    }
}

/// <summary>A saved session state.</summary>
internal sealed record SessionSnapshot(
    Machine Machine,
    KernelVersion Version,
    string? Current,
    Dictionary<string, Value> Names,
    HashSet<string> MappingNames,
    ulong WriteCounter,
    bool Trace,
    bool Full);

/// <summary>One <c>print</c> or <c>expect</c> result, keyed by the text that asked for it.</summary>
internal sealed record Observation(string Key, string Text, bool? Passed)
{
    /// <summary>The queries the row evaluated, in order, each keyed by its text (for diff tables).</summary>
    public IReadOnlyList<Observation> Parts { get; init; } = [];

    /// <summary>The value depends on the machine (a pfn), not only on the kernel's rules.</summary>
    public bool MachineSpecific { get; init; }

    /// <summary>Why the backend has no value for this row (unobservable, not run there), or null.</summary>
    public string? Skipped { get; init; }

    /// <summary>A query's value as a row.</summary>
    public static Observation Of(string key, Value value) =>
        new(key, value.ToString(), null) { MachineSpecific = value.MachineSpecific, Skipped = value.Unknown };
}
