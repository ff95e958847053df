namespace MmDsl.Runtime.Output.Show;

/// <summary>"Who maps it" lists, with runs of consecutive PTEs folded into one entry.</summary>
internal static class MappedBy
{
    public readonly record struct Entry(string Process, long Address, bool Pmd, bool Writable);

    /// <summary><c>A:0x0 pmd rw</c>, <c>B:0x1000 ro</c>, <c>A:0x0-0x200000 512 ptes ro</c>.</summary>
    public static string Format(IEnumerable<Entry> entries)
    {
        var parts = new List<string>();
        var list = entries.OrderBy(e => e.Process, StringComparer.Ordinal).ThenBy(e => e.Address).ToList();
        for (var i = 0; i < list.Count;)
        {
            var e = list[i];
            var rw = e.Writable ? "rw" : "ro";
            if (e.Pmd)
            {
                parts.Add($"{e.Process}:{Fmt.Hex(e.Address)} pmd {rw}");
                i++;
                continue;
            }
            var j = i + 1;
            while (j < list.Count && !list[j].Pmd && list[j].Process == e.Process &&
                list[j].Address == list[j - 1].Address + 4096 && list[j].Writable == e.Writable)
            {
                j++;
            }
            parts.Add(j - i == 1
                ? $"{e.Process}:{Fmt.Hex(e.Address)} {rw}"
                : $"{e.Process}:{Fmt.Range(e.Address, list[j - 1].Address + 4096)} {j - i} ptes {rw}");
            i = j;
        }
        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }
}
