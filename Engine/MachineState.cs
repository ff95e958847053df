using MmDsl.Engine.Gup;
using MmDsl.Engine.Ksm;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;
using MmDsl.Engine.Swap;

namespace MmDsl.Engine;

/// <summary>
/// Everything a <see cref="Machine"/> changes as it runs, in one place, so that <see cref="Clone"/>
/// (undo, <c>compare</c>, <c>--kernel all</c>) copies all of it. A field added here must be copied
/// in <see cref="Clone"/>: MachineStateTests fails otherwise. What is not here is not state: the
/// era policy (immutable), the events being recorded, and caches the machine rebuilds (fields
/// named <c>_cached...</c> inside the state's objects, which a copy starts empty).
/// </summary>
internal sealed class MachineState
{
    public MachineState(MachineSettings settings, PhysicalMemory memory, SwapDevice swap)
    {
        Settings = settings;
        Memory = memory;
        Swap = swap;
    }

    /// <summary>/sys/kernel/mm/transparent_hugepage and friends, memory and swap sizes.</summary>
    public MachineSettings Settings;

    /// <summary>/proc/vmstat counters.</summary>
    public VmStat Stats = new();

    /// <summary>Page frames: struct page of every frame.</summary>
    public PhysicalMemory Memory;

    /// <summary>The large folios, by head pfn.</summary>
    public Dictionary<int, LargeFolio> Large = [];

    /// <summary>Live processes, in creation order.</summary>
    public List<Process> Processes = [];

    /// <summary>anon_vma objects by id (immutable records).</summary>
    public Dictionary<int, AnonVma> AnonVmas = [];

    public int NextAnonVma = 1;

    public PidMap PidMap = new();

    /// <summary>Live processes by name (a lookup of Processes).</summary>
    public Dictionary<string, Process> ByName = [];

    /// <summary>shmem objects (MAP_SHARED|MAP_ANONYMOUS mappings) by id.</summary>
    public Dictionary<int, ShmemObject> Shmem = [];

    public int NextShmem = 1;

    /// <summary>The per-CPU LRU-add batches: folio heads by CPU, oldest first.</summary>
    public Dictionary<int, List<int>> LruBatches = [];

    /// <summary>The CPU the current operation runs on.</summary>
    public int Cpu;

    /// <summary>The deferred split queue: folio heads.</summary>
    public List<int> DeferredSplit = [];

    /// <summary>GUP handles (pins, gets, pipes) by number.</summary>
    public Dictionary<int, GupHandle> Handles = [];

    public int NextHandle = 1;

    /// <summary>The swap device: swap map and swap cache.</summary>
    public SwapDevice Swap;

    /// <summary>Swap slot of each folio in the swap cache, by pfn.</summary>
    public Dictionary<int, int> SwapSlot = [];

    /// <summary>ksmd's mm slots, stable tree and checksums (mm/ksm.c).</summary>
    public KsmState Ksm = new();

    /// <summary>A deep copy: the same state, independent from now on.</summary>
    public MachineState Clone()
    {
        var copy = new MachineState(Settings.Clone(), Memory.Clone(), Swap.Clone())
        {
            Stats = Stats.Clone(),
            Large = Large.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()),
            Processes = Processes.Select(p => p.Clone()).ToList(),
            AnonVmas = new Dictionary<int, AnonVma>(AnonVmas),
            NextAnonVma = NextAnonVma,
            PidMap = PidMap.Clone(),
            Shmem = Shmem.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()),
            NextShmem = NextShmem,
            LruBatches = LruBatches.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()),
            Cpu = Cpu,
            DeferredSplit = [.. DeferredSplit],
            Handles = Handles.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()),
            NextHandle = NextHandle,
            SwapSlot = new Dictionary<int, int>(SwapSlot),
            Ksm = Ksm.Clone(),
        };
        copy.ByName = copy.Processes.ToDictionary(p => p.Name);
        return copy;
    }
}
