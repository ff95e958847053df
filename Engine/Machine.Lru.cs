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
internal sealed partial class Machine
{
    private List<int>? _batch;

    /// <summary>Folios in the LRU-add batches, by CPU, oldest first.</summary>
    public IReadOnlyList<int> LruBatch => _s.LruBatches.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value).ToList();

    /// <summary>The CPU a process runs on.</summary>
    public static int CpuOf(Process process) => process.Pid;

    /// <summary>The operation that follows runs on this process's CPU.</summary>
    private void Enter(Process process)
    {
        var cpu = CpuOf(process);
        if (cpu != _s.Cpu)
        {
            _s.Cpu = cpu;
            _batch = null;
        }
    }

    /// <summary>folio_add_lru / folio_add_lru_vma on the current CPU.</summary>
    internal void LruAdd(int head)
    {
        FolioGet(head);
        ref var flags = ref _s.Memory.Flags(head);
        flags |= PageFlags.LruBatch;
        var batch = _batch;
        if (batch is null && !_s.LruBatches.TryGetValue(_s.Cpu, out batch))
        {
            _s.LruBatches[_s.Cpu] = batch = [];
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
        if (_s.LruBatches.Remove(_s.Cpu, out var batch))
        {
            Drain(batch, reason);
        }
    }

    /// <summary>lru_add_drain_all: every CPU's batch.</summary>
    public void LruAddDrainAll(string reason)
    {
        _batch = null;
        foreach (var cpu in _s.LruBatches.Keys.Order().ToList())
        {
            _s.LruBatches.Remove(cpu, out var batch);
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
            _s.Memory.Clear(head, PageFlags.LruBatch);
            _s.Memory.Set(head, PageFlags.Lru);
            FolioPut(head);
        }
    }

    public bool InLruBatch(int head) => (_s.Memory.Flags(head) & PageFlags.LruBatch) != 0;

    public bool OnLru(int head) => (_s.Memory.Flags(head) & PageFlags.Lru) != 0;
}
