namespace MmDsl.Runtime.Scripting;

/// <summary>
/// What one run of the language keeps between commands on any backend: where it prints, the
/// names it defined, the current process, the write counter, and its rows and counts. The
/// simulator's <see cref="Session"/> is one (it snapshots all of it for <c>undo</c>);
/// <see cref="ScriptState"/> is the plain one of other backends.
/// </summary>
internal interface IScriptState
{
    TextWriter Output { get; }

    /// <summary>Mapping names and variables (loop variables, <c>let</c>).</summary>
    Dictionary<string, Value> Names { get; }

    /// <summary>Names that came from <c>mmap NAME</c>.</summary>
    HashSet<string> MappingNames { get; }

    /// <summary>The process commands act on when they name none.</summary>
    string? Current { get; set; }

    /// <summary>The default value of the next <c>write</c>.</summary>
    ulong WriteCounter { get; set; }

    /// <summary>Values of <c>print</c> and outcomes of <c>expect</c>, in order, for comparison tables.</summary>
    List<Observation> Observations { get; }

    /// <summary>What system calls and single accesses returned, for comparison with another backend.</summary>
    OutcomeLog Outcomes { get; }

    int Errors { get; set; }

    int FailedExpectations { get; set; }

    /// <summary>Commands the backend could not do.</summary>
    int Skipped { get; set; }

    /// <summary>
    /// Why the backend's memory is no longer what the simulator's would be (a command it could not
    /// do changed memory), up to the next <c>reset</c>; null while they match.
    /// </summary>
    string? Diverged { get; set; }

    CancellationToken Cancellation { get; }
}

/// <summary>The language's state on a backend that keeps no session of its own.</summary>
internal sealed class ScriptState(TextWriter output, CancellationToken cancellation) : IScriptState
{
    public TextWriter Output { get; } = output;

    public Dictionary<string, Value> Names { get; } = new(StringComparer.Ordinal);

    public HashSet<string> MappingNames { get; } = new(StringComparer.Ordinal);

    public string? Current { get; set; }

    public ulong WriteCounter { get; set; }

    public List<Observation> Observations { get; } = [];

    public OutcomeLog Outcomes { get; } = new();

    public int Errors { get; set; }

    public int FailedExpectations { get; set; }

    public int Skipped { get; set; }

    public string? Diverged { get; set; }

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary><c>reset</c>: no name, no current process, the write counter from zero.</summary>
    public void Clear()
    {
        Names.Clear();
        MappingNames.Clear();
        Current = null;
        WriteCounter = 0;
        Diverged = null;
    }
}
