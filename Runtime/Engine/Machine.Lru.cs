using MmDsl.Runtime.Engine.Events;
using MmDsl.Runtime.Engine.Memory;

namespace MmDsl.Runtime.Engine;

/// <summary>
/// The per-CPU LRU-add batch (cpu_fbatches.lru_add): a new folio waits here, holding one
/// reference, until the batch is full or someone calls lru_add_drain. A large folio never waits:
/// adding one drains the batch at once (folio_batch_add_and_move).
/// </summary>
public sealed partial class Machine
{
    private List<int> _lruBatch = [];

    /// <summary>Folios in the LRU-add batch, oldest first.</summary>
    public IReadOnlyList<int> LruBatch => _lruBatch;

    /// <summary>folio_add_lru / folio_add_lru_vma</summary>
    internal void LruAdd(int head)
    {
        FolioGet(head);
        _memory.Set(head, PageFlags.LruBatch);
        _lruBatch.Add(head);
        if (IsLarge(head))
        {
            LruAddDrain("large folio added");
        }
        else if (_lruBatch.Count >= Era.LruBatchSize)
        {
            LruAddDrain($"batch full ({Era.LruBatchSize})");
        }
    }

    /// <summary>lru_add_drain: move the batch onto the LRU lists and drop its references.</summary>
    public void LruAddDrain(string reason)
    {
        if (_lruBatch.Count == 0)
        {
            return;
        }
        var batch = _lruBatch;
        _lruBatch = [];
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
