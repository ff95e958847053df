using System.Runtime.InteropServices;
using MmDsl.Engine.Gup;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine.Checks;

/// <summary>Who holds what, counted from the page tables, handles, swap cache and LRU batch alone.</summary>
internal sealed class Census
{
    public sealed record Mapping(string Process, long Address, int Pfn, bool Huge, bool Writable);

    /// <summary>The references a folio should have, by holder.</summary>
    public record struct Holders(int Ptes, int Pmds, int SwapCache, int LruBatch, int Gets, int Pins, int PageCache, int PinBias)
    {
        public readonly int Total => Ptes + Pmds + SwapCache + LruBatch + Gets + PinBias + PageCache;

        public override readonly string ToString() =>
            $"ptes {Ptes}, pmds {Pmds}, swapcache {SwapCache}, lru batch {LruBatch}, gup {Gets}, pins {Pins}, page cache {PageCache}";
    }

    public Dictionary<int, Holders> Refs { get; } = [];

    public Dictionary<int, int> PteMaps { get; } = [];

    public Dictionary<int, int> PmdMaps { get; } = [];

    public Dictionary<int, int> Pins { get; } = [];

    public Dictionary<int, Dictionary<int, int>> MapsByMm { get; } = [];

    public Dictionary<int, int> SwapMaps { get; } = [];

    public Dictionary<string, (long Anon, long Shmem, long Swap)> Rss { get; } = [];

    public List<Mapping> Maps { get; } = [];

    /// <summary>Mappings of the zero page and the huge zero folio, which no count tracks.</summary>
    public List<Mapping> ZeroMaps { get; } = [];

    public static Census Take(Machine m)
    {
        var c = new Census();
        foreach (var p in m.Processes)
        {
            c.TakeProcess(m, p);
        }
        foreach (var head in m.LruBatch)
        {
            c.Ref(head).LruBatch++;
        }
        foreach (var slot in m.Swap.UsedSlots())
        {
            var cached = m.Swap.CachedFolio(slot);
            if (cached != 0)
            {
                c.Ref(cached).SwapCache++;
            }
        }
        foreach (var handle in m.Handles.Values)
        {
            foreach (var pfn in handle.Pfns.Where(pfn => !m.IsZeroPfn(pfn)))
            {
                var head = m.Memory.Head(pfn);
                if (handle.Kind == HandleKind.Pin)
                {
                    var bias = m.IsLarge(head) ? 1 : Machine.GupPinCountingBias;
                    ref var holders = ref c.Ref(head);
                    holders.Pins++;
                    holders.PinBias += bias;
                    c.Pins[head] = c.Pins.GetValueOrDefault(head) + 1;
                }
                else
                {
                    c.Ref(head).Gets++;
                }
            }
        }
        foreach (var obj in m.ShmemObjects)
        {
            foreach (var pfn in obj.Pages.Values)
            {
                c.Ref(pfn).PageCache++;
            }
        }
        return c;
    }

    private void TakeProcess(Machine m, Process p)
    {
        long anon = 0, shmem = 0, swap = 0;
        foreach (var vma in p.Mm.Vmas)
        {
            for (var haddr = vma.Start & ~(PageTable.PmdSize - 1); haddr < vma.End; haddr += PageTable.PmdSize)
            {
                // Empty PMDs hold nothing to count: step over them (a 64T VMA is 32M of them).
                haddr = p.Mm.PageTable.NextPopulated(haddr, vma.End) & ~(PageTable.PmdSize - 1);
                if (haddr >= vma.End)
                {
                    break;
                }
                var table = p.Mm.PageTable.FindPmdTable(haddr);
                if (table is null)
                {
                    continue;
                }
                var pi = PageTable.PmdIndex(haddr);
                var pmd = new Pte(table.Pmd[pi]);
                if (pmd.IsHuge)
                {
                    if (pmd.IsSpecial && haddr >= vma.Start)
                    {
                        ZeroMaps.Add(new Mapping(p.Name, haddr, pmd.Pfn, true, false));
                    }
                    if (!pmd.IsSpecial && haddr >= vma.Start)
                    {
                        var head = pmd.Pfn;
                        Ref(head).Pmds++;
                        PmdMaps[head] = PmdMaps.GetValueOrDefault(head) + 1;
                        ByMm(head, p.Mm.MmId);
                        Maps.Add(new Mapping(p.Name, haddr, head, true, pmd.IsWrite));
                        anon += Machine.HPagePmdNr;
                    }
                    continue;
                }
                if (table.Ptes[pi] is not { } ptes)
                {
                    continue;
                }
                var from = Math.Max(haddr, vma.Start);
                var to = Math.Min(haddr + PageTable.PmdSize, vma.End);
                for (var addr = from; addr < to; addr += PageTable.PageSize)
                {
                    var pte = new Pte(ptes[PageTable.PteIndex(addr)]);
                    if (pte.IsSwap)
                    {
                        SwapMaps[pte.SwapOffset] = SwapMaps.GetValueOrDefault(pte.SwapOffset) + 1;
                        swap++;
                    }
                    else if (pte.IsPresent && pte.IsSpecial)
                    {
                        ZeroMaps.Add(new Mapping(p.Name, addr, pte.Pfn, false, false));
                    }
                    else if (pte.IsPresent)
                    {
                        var head = m.Memory.Head(pte.Pfn);
                        Ref(head).Ptes++;
                        CollectionsMarshal.GetValueRefOrAddDefault(PteMaps, pte.Pfn, out _)++;
                        ByMm(head, p.Mm.MmId);
                        Maps.Add(new Mapping(p.Name, addr, pte.Pfn, false, pte.IsWrite));
                        if ((m.Memory.Flags(head) & PageFlags.Shmem) != 0)
                        {
                            shmem++;
                        }
                        else
                        {
                            anon++;
                        }
                    }
                }
            }
        }
        Rss[p.Name] = (anon, shmem, swap);
    }

    private void ByMm(int head, int mmId)
    {
        if (!MapsByMm.TryGetValue(head, out var byMm))
        {
            MapsByMm[head] = byMm = [];
        }
        CollectionsMarshal.GetValueRefOrAddDefault(byMm, mmId, out _)++;
    }

    private ref Holders Ref(int head) => ref CollectionsMarshal.GetValueRefOrAddDefault(Refs, head, out _);
}
