namespace MmDsl.Engine.Mm;

/// <summary>A script's name for an address range (<c>mmap NAME ...</c>): a label, not a VMA attribute.</summary>
internal readonly record struct RangeLabel(long Start, long End, string Name);

/// <summary>
/// The names a script gave to address ranges. They label ranges, never VMAs: VMAs merge and split
/// as the kernel's do regardless of them (the host has no such names; anon_vma_name is not set).
/// </summary>
internal sealed partial class MmStruct
{
    private List<RangeLabel> _labels = [];

    /// <summary>The labels, sorted by start address.</summary>
    public IReadOnlyList<RangeLabel> Labels => _labels;

    /// <summary>The names of the ranges that overlap [start, end), in address order, or null.</summary>
    public string? NameOf(long start, long end)
    {
        var names = _labels.Where(l => l.Start < end && l.End > start).Select(l => l.Name).Distinct().ToList();
        return names.Count == 0 ? null : string.Join(",", names);
    }

    /// <summary>Name [start, end), replacing any other name there.</summary>
    internal void Label(long start, long end, string name)
    {
        Unlabel(start, end);
        _labels.Add(new RangeLabel(start, end, name));
        _labels.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>Forget the names of [start, end) (munmap), keeping the parts of labels outside it.</summary>
    internal void Unlabel(long start, long end)
    {
        var kept = new List<RangeLabel>();
        foreach (var l in _labels)
        {
            if (l.End <= start || l.Start >= end)
            {
                kept.Add(l);
                continue;
            }
            if (l.Start < start)
            {
                kept.Add(l with { End = start });
            }
            if (l.End > end)
            {
                kept.Add(l with { Start = end });
            }
        }
        _labels = kept;
    }

    /// <summary>
    /// mremap: the names of [from, from + oldSize) move to <paramref name="to"/>; a name that ended
    /// at the old end also covers the growth.
    /// </summary>
    internal void MoveLabels(long from, long oldSize, long to, long newSize)
    {
        var moved = _labels.Where(l => l.Start < from + oldSize && l.End > from)
            .Select(l => new RangeLabel(Math.Max(l.Start, from) - from + to, Math.Min(l.End, from + oldSize) - from + to, l.Name))
            .ToList();
        Unlabel(from, from + oldSize);
        Unlabel(to, to + newSize);
        for (var i = 0; i < moved.Count; i++)
        {
            var l = moved[i];
            _labels.Add(newSize > oldSize && l.End == to + oldSize ? l with { End = to + newSize } : l);
        }
        _labels.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    /// <summary>fork: the child's address space carries the same names at the same addresses.</summary>
    internal void CopyLabelsFrom(MmStruct parent) => _labels = [.. parent._labels];
}
