using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Scripting.Targets;

internal sealed partial class SimulatedTarget
{
    public Value Query(string function, string process, long address, Span span)
    {
        var info = M.Lookup(P(process), address);
        var head = info.Pfn != 0 ? M.Memory.Head(info.Pfn) : 0;
        var normal = info.Present && !info.Zero;
        return function switch
        {
            "pfn" => Value.Of(info.Pfn, hex: true) with { MachineSpecific = true },
            "refcount" => Value.Of(normal ? M.Memory.RefCount(head) : 0),
            "mapcount" => Value.Of(normal ? M.PageMapCount(info.Pfn) : 0),
            "pins" => Value.Of(normal ? M.FolioPins(head) : 0),
            "present" => Value.Of(info.Present),
            "writable" => Value.Of(info.Writable),
            "swapped" => Value.Of(info.Swapped),
            "anon_exclusive" => Value.Of(normal && M.IsAnonExclusive(info.Level == MappingLevel.Pmd ? head : info.Pfn)),
            "mapped_exclusive" => Value.Of(M.MappedExclusive(P(process), address)),
            "pmd_mapped" => Value.Of(info.Level == MappingLevel.Pmd),
            "thp" => Value.Of(info.Present && M.IsLarge(head)),
            "order" => Value.Of(info.Present ? M.FolioOrder(head) : 0),
            "swapcache" => Value.Of(normal && M.InSwapCache(head)),
            "lru_batch" => Value.Of(normal && M.InLruBatch(head)),
            "ksm" => Value.Of(normal && M.IsKsm(head)),
            _ => throw new RuntimeError(span, $"unknown function '{function}'"),
        };
    }

    public Value ProcessQuery(string function, string process, Span span)
    {
        var mm = P(process).Mm;
        return function switch
        {
            "rss" => Value.Of((mm.AnonPages + mm.ShmemPages) * PageTable.PageSize),
            "swap" => Value.Of(mm.SwapEntries * PageTable.PageSize),
            _ => throw new RuntimeError(span, $"unknown function '{function}'"),
        };
    }

    public Value Stat(NameExpr counter) =>
        M.TryGetCounter(counter.Name, out var value, out var problem)
            ? Value.Of(value)
            : throw new RuntimeError(counter.Span, problem!);
}
