using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>
/// The per-CPU LRU-add batches (cpu_fbatches.lru_add): a new folio waits in the batch of the CPU
/// that faulted it, holding one reference, until that batch is full or someone calls
/// lru_add_drain on that CPU. A large folio never waits: adding one drains the batch at once
/// (folio_batch_add_and_move). Each process runs on a CPU of its own (its pid), so a drain in
/// one process (exit, munmap, do_wp_page) leaves the other processes' batches alone, as on a
/// machine where parent and child run on different CPUs. Kernel threads (reclaim, khugepaged,
/// migration) drain every CPU (lru_add_drain_all).
/// </summary>
public sealed partial class Machine
{
    private Dictionary<int, List<int>> _lruBatches = [];
    private int _cpu;
    private List<int>? _batch;

    /// <summary>Folios in the LRU-add batches, by CPU, oldest first.</summary>
    public IReadOnlyList<int> LruBatch => _lruBatches.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value).ToList();

    /// <summary>The CPU a process runs on.</summary>
    public static int CpuOf(Process process) => process.Pid;

    /// <summary>The operation that follows runs on this process's CPU.</summary>
    private void Enter(Process process)
    {
        var cpu = CpuOf(process);
        if (cpu != _cpu)
        {
            _cpu = cpu;
            _batch = null;
        }
    }

    /// <summary>folio_add_lru / folio_add_lru_vma on the current CPU.</summary>
    internal void LruAdd(int head)
    {
        FolioGet(head);
        ref var flags = ref _memory.Flags(head);
        flags |= PageFlags.LruBatch;
        var batch = _batch;
        if (batch is null && !_lruBatches.TryGetValue(_cpu, out batch))
        {
            _lruBatches[_cpu] = batch = [];
        }
        _batch = batch;
        batch.Add(head);
        if ((flags & PageFlags.Head) != 0)
        {
            LruAddDrain("large folio added");
        }
        else if (batch.Count >= _lruBatchSize)
        {
            LruAddDrain(Explain ? $"batch full ({_lruBatchSize})" : string.Empty);
        }
    }

    /// <summary>lru_add_drain: this CPU's batch moves onto the LRU lists, dropping its references.</summary>
    public void LruAddDrain(string reason)
    {
        _batch = null;
        if (_lruBatches.Remove(_cpu, out var batch))
        {
            Drain(batch, reason);
        }
    }

    /// <summary>lru_add_drain_all: every CPU's batch.</summary>
    public void LruAddDrainAll(string reason)
    {
        _batch = null;
        foreach (var cpu in _lruBatches.Keys.Order().ToList())
        {
            _lruBatches.Remove(cpu, out var batch);
            Drain(batch!, reason);
        }
    }

    private void Drain(List<int> batch, string reason)
    {
        if (batch.Count == 0)
        {
            return;
        }
        if (Explain && reason.Length > 0)
        {
            Emit(new LruDrainEvent(batch.Count, reason));
        }
        foreach (var head in batch)
        {
            _memory.Clear(head, PageFlags.LruBatch);
            _memory.Set(head, PageFlags.Lru);
            FolioPut(head);
        }
    }

    public bool InLruBatch(int head) => (_memory.Flags(head) & PageFlags.LruBatch) != 0;

    public bool OnLru(int head) => (_memory.Flags(head) & PageFlags.Lru) != 0;
}
