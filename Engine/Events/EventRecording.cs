namespace MmDsl.Engine.Events;

/// <summary>
/// The events a machine emits between <see cref="Machine.Record"/> and <see cref="Dispose"/>: what
/// one call did, with the words that explain each decision. Recordings nest: disposing one gives
/// the machine back to the recording it interrupted (or to recording nothing, the fast path).
/// </summary>
internal sealed class EventRecording : IDisposable
{
    private readonly Machine _machine;
    private readonly List<EngineEvent>? _outer;
    private bool _disposed;

    internal EventRecording(Machine machine, List<EngineEvent>? outer)
    {
        _machine = machine;
        _outer = outer;
    }

    /// <summary>What the machine did, in order. The caller may take events out as it reports them.</summary>
    public List<EngineEvent> Events { get; } = [];

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _machine.StopRecording(Events, _outer);
    }
}
