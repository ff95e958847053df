using MmDsl.Engine;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Output.Show;

/// <summary><c>show ptes</c>: the page-table entries of a range, runs of like entries folded into one line.</summary>
internal static class PtesTable
{
    private sealed record Row(long Address, string Level, int Pfn, bool Swap, int Type, bool Zero, string Flags);

    public static IEnumerable<string> Lines(Machine m, Process process, long start, long end)
    {
        var rows = new List<Row>();
        foreach (var vma in process.Mm.VmasIn(start, end))
        {
            Collect(process, vma, Math.Max(start, vma.Start), Math.Min(end, vma.End), rows);
        }
        var table = new TextTable("address", "level", "entry", "flags");
        for (var i = 0; i < rows.Count;)
        {
            var j = i + 1;
            while (j < rows.Count && Continues(rows[j - 1], rows[j]))
            {
                j++;
            }
            var first = rows[i];
            var last = rows[j - 1];
            var count = j - i;
            var address = count == 1 ? Fmt.Hex(first.Address) : Fmt.Range(first.Address, last.Address + PageTable.PageSize);
            var level = count == 1 ? first.Level : $"{first.Level} x{count}";
            table.Add(address, level, Entry(first, last, count), first.Flags);
            i = j;
        }
        return table.Count == 0 ? [$"{process.Name}: no page-table entries in {Fmt.Range(start, end)}"] : table.Lines().Prepend($"{process.Name}:");
    }

    private static string Entry(Row first, Row last, int count)
    {
        if (first.Swap)
        {
            return count == 1 ? $"swap {first.Type}:{Fmt.Hex(first.Pfn)}" : $"swap {first.Type}:{Fmt.Hex(first.Pfn)}-{Fmt.Hex(last.Pfn)}";
        }
        var zero = first.Zero ? " (zero)" : string.Empty;
        return count == 1 || first.Zero ? $"pfn {Fmt.Pfn(first.Pfn)}{zero}" : $"pfn {Fmt.Pfn(first.Pfn)}-{Fmt.Pfn(last.Pfn)}";
    }

    private static bool Continues(Row a, Row b) =>
        b.Address == a.Address + PageTable.PageSize && a.Level == "pte" && b.Level == "pte" && a.Flags == b.Flags &&
        a.Swap == b.Swap && a.Zero == b.Zero && (a.Zero ? a.Pfn == b.Pfn : b.Pfn == a.Pfn + 1);

    private static void Collect(Process process, Vma vma, long start, long end, List<Row> rows)
    {
        var pt = process.Mm.PageTable;
        for (var addr = start; addr < end;)
        {
            var pmd = pt.GetPmd(addr);
            var haddr = addr & ~(PageTable.PmdSize - 1);
            if (pmd.IsHuge)
            {
                rows.Add(new Row(haddr, "pmd", pmd.Pfn, false, 0, pmd.IsSpecial, Flags(pmd)));
                addr = haddr + PageTable.PmdSize;
                continue;
            }
            if (!pmd.IsTable)
            {
                addr = haddr + PageTable.PmdSize;
                continue;
            }
            var next = Math.Min(haddr + PageTable.PmdSize, end);
            for (; addr < next; addr += PageTable.PageSize)
            {
                var pte = pt.GetPte(addr);
                if (pte.IsSwap)
                {
                    rows.Add(new Row(addr, "pte", pte.SwapOffset, true, pte.SwapType, false, pte.IsSwpExclusive ? "swp-excl" : "-"));
                }
                else if (pte.IsPresent)
                {
                    rows.Add(new Row(addr, "pte", pte.Pfn, false, 0, pte.IsSpecial, Flags(pte)));
                }
            }
        }
    }

    /// <summary><c>rw dirty young soft-dirty</c></summary>
    public static string Flags(Pte pte)
    {
        var words = new List<string> { pte.IsWrite ? "rw" : "ro" };
        if (pte.IsDirty)
        {
            words.Add("dirty");
        }
        if (pte.IsYoung)
        {
            words.Add("young");
        }
        if (pte.IsSoftDirty)
        {
            words.Add("soft-dirty");
        }
        return string.Join(" ", words);
    }
}
