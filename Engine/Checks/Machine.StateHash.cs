using MmDsl.Engine.Checks;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

internal sealed partial class Machine
{
    /// <summary>Page flags that are not state: bookkeeping of the content store and the allocator.</summary>
    private const PageFlags UnhashedFlags = PageFlags.ContentWord | PageFlags.ContentFull | PageFlags.Locked | PageFlags.Buddy;

    /// <summary>
    /// Adds everything that decides what this machine does next to <paramref name="hash"/>, with the
    /// numbers that carry no meaning (pfns, swap slots, ids, values) renumbered by
    /// <paramref name="canon"/>: processes by name, their VMAs and page tables, the swap slots and
    /// folios they reach, the handles, the LRU-add batches and the deferred split queue. Counters,
    /// pids and the next free numbers are left out: two machines that differ only there behave alike.
    /// </summary>
    public void AddStateTo(ref StateHash hash, StateCanon canon)
    {
        hash.Add(_s.Cpu);
        foreach (var process in _s.Processes.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            AddProcess(ref hash, canon, process);
        }
        foreach (var handle in _s.Handles.Values.OrderBy(h => h.Id))
        {
            hash.Add((int)handle.Kind);
            hash.Add(handle.Process);
            hash.Add(handle.Address);
            hash.Add(handle.Write);
            hash.Add(handle.LongTerm);
            foreach (var pfn in handle.Pfns)
            {
                AddPfn(ref hash, canon, pfn);
            }
        }
        foreach (var (cpu, batch) in _s.LruBatches.OrderBy(kv => kv.Key))
        {
            hash.Add(cpu);
            hash.Add(batch.Count);
            foreach (var head in batch)
            {
                hash.Add(canon.Folio(head));
            }
        }
        hash.Add(_s.DeferredSplit.Count);
        foreach (var head in _s.DeferredSplit)
        {
            hash.Add(canon.Folio(head));
        }
        // Slots and folios met so far, and those they lead to (a swap-cache folio, a slot of a folio).
        for (int s = 0, f = 0; s < canon.SlotOrder.Count || f < canon.FolioOrder.Count;)
        {
            for (; s < canon.SlotOrder.Count; s++)
            {
                AddSlot(ref hash, canon, canon.SlotOrder[s]);
            }
            for (; f < canon.FolioOrder.Count; f++)
            {
                AddFolio(ref hash, canon, canon.FolioOrder[f]);
            }
        }
    }

    private void AddProcess(ref StateHash hash, StateCanon canon, Process process)
    {
        var mm = process.Mm;
        hash.Add(process.Name);
        hash.Add(canon.Mm(mm.MmId));
        hash.Add(mm.HasPinned);
        hash.Add(mm.UsesHugeZero);
        foreach (var vma in mm.Vmas)
        {
            hash.Add(vma.Start);
            hash.Add(vma.End);
            hash.Add((int)vma.Flags);
            hash.Add(vma.PgOff);
            hash.Add(canon.AnonVma(vma.AnonVma));
            hash.Add(vma.AnonVmaChain.Count);
            foreach (var id in vma.AnonVmaChain)
            {
                hash.Add(canon.AnonVma(id));
            }
            hash.Add(vma.Shmem);
        }
        foreach (var (start, table) in mm.PageTable.PmdTables())
        {
            for (var i = 0; i < PageTable.PtrsPerTable; i++)
            {
                var ptes = table.Ptes[i];
                if (table.Pmd[i] == 0 && ptes is null)
                {
                    continue;
                }
                hash.Add(start + ((long)i << PageTable.PmdShift));
                AddEntry(ref hash, canon, new Pte(table.Pmd[i]));
                if (ptes is null)
                {
                    continue;
                }
                for (var j = 0; j < ptes.Length; j++)
                {
                    if (ptes[j] != 0)
                    {
                        hash.Add(j);
                        AddEntry(ref hash, canon, new Pte(ptes[j]));
                    }
                }
            }
        }
    }

    private void AddEntry(ref StateHash hash, StateCanon canon, Pte entry)
    {
        hash.Add(entry.Value & 0xFFF);
        if (entry.IsTable)
        {
            return;
        }
        if (entry.IsPresent)
        {
            AddPfn(ref hash, canon, entry.Pfn);
        }
        else if (entry.IsSwap)
        {
            hash.Add(canon.Slot(entry.SwapOffset));
        }
    }

    private void AddPfn(ref StateHash hash, StateCanon canon, int pfn)
    {
        var head = _s.Memory.Head(pfn);
        hash.Add(canon.Folio(head));
        hash.Add(pfn - head);
    }

    private void AddSlot(ref StateHash hash, StateCanon canon, int slot)
    {
        hash.Add(_s.Swap.SwapCount(slot));
        var cached = _s.Swap.CachedFolio(slot);
        hash.Add(cached == 0 ? 0 : canon.Folio(_s.Memory.Head(cached)));
        hash.Add(canon.Value(_s.Swap.Read(slot).Read(0)));
    }

    private void AddFolio(ref StateHash hash, StateCanon canon, int head)
    {
        var memory = _s.Memory;
        hash.Add((ulong)(memory.Flags(head) & ~UnhashedFlags));
        hash.Add(memory.RefCount(head));
        hash.Add(canon.AnonVma(memory.Mapping(head)));
        hash.Add(memory.Index(head));
        if (_s.SwapSlot.TryGetValue(head, out var slot))
        {
            hash.Add(canon.Slot(slot));
        }
        var pages = 1;
        if (IsLarge(head) && _s.Large.TryGetValue(head, out var large))
        {
            pages = large.NrPages;
            hash.Add(large.EntireMapCount);
            hash.Add(large.LargeMapCount);
            hash.Add(large.PinCount);
            hash.Add(canon.Mm(large.MmId0));
            hash.Add(canon.Mm(large.MmId1));
            hash.Add(large.MmMapCount0);
            hash.Add(large.MmMapCount1);
            hash.Add(large.MaybeShared);
        }
        for (var pfn = head; pfn < head + pages; pfn++)
        {
            hash.Add(memory.MapCount(pfn));
            hash.Add((ulong)(memory.Flags(pfn) & PageFlags.AnonExclusive));
            hash.Add(canon.Value(memory.ReadWord(pfn, 0)));
        }
    }
}
