using MmDsl.Runtime.Engine.Gup;

namespace MmDsl.Runtime.Engine;

/// <summary>GUP handles: pins, FOLL_GET references and pipes.</summary>
public sealed partial class Machine
{
    private Dictionary<int, GupHandle> _handles = [];
    private int _nextHandle = 1;

    /// <summary>Open handles, by number.</summary>
    public IReadOnlyDictionary<int, GupHandle> Handles => _handles;
}
