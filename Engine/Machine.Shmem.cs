using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Shared anonymous memory (mm/shmem.c).</summary>
internal sealed partial class Machine
{
    public ShmemObject? FindShmem(int id) => _s.Shmem.GetValueOrDefault(id);

    public IEnumerable<ShmemObject> ShmemObjects => _s.Shmem.Values;
}
