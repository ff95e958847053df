using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Shared anonymous memory (mm/shmem.c).</summary>
public sealed partial class Machine
{
    private Dictionary<int, ShmemObject> _shmem = [];
    private int _nextShmem = 1;

    public ShmemObject? FindShmem(int id) => _shmem.GetValueOrDefault(id);

    public IEnumerable<ShmemObject> ShmemObjects => _shmem.Values;
}
