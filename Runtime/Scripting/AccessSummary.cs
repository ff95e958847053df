using MmDsl.Engine;
using MmDsl.Engine.Events;
using MmDsl.Runtime.Output;

namespace MmDsl.Runtime.Scripting;

/// <summary>Counts of faults by what they decided, for range accesses and long loops.</summary>
internal sealed class AccessSummary : IAccessSummary
{
    private readonly Dictionary<string, int> _counts = [];
    private readonly List<string> _order = [];

    /// <summary>The key of each kind of decision, formatted once: a range access makes a million faults of a few kinds.</summary>
    private readonly Dictionary<(AccessKind, FaultHandler, FaultOutcome, int, string), string> _keys = [];

    public long Accesses { get; set; }

    public int Faults { get; private set; }

    public long Segvs { get; set; }

    public void CountSegvs(long pages)
    {
        Accesses += pages;
        Segvs += pages;
    }

    public void Add(FaultEvent f)
    {
        Faults++;
        var kind = (f.Access, f.Handler, f.Outcome, f.Order, f.Reason);
        if (!_keys.TryGetValue(kind, out var key))
        {
            key = Key(f);
            _keys[kind] = key;
        }
        if (!_counts.TryGetValue(key, out var n))
        {
            _order.Add(key);
        }
        _counts[key] = n + 1;
    }

    public void Add(EngineEvent e)
    {
        switch (e)
        {
            case FaultEvent f:
                Add(f);
                break;
            case SegvEvent:
                Segvs++;
                break;
        }
    }

    /// <summary><c>3 faults: anon fault -> new page x2, wp fault -> copy (refcount 2) x1</c></summary>
    public string Describe()
    {
        var parts = new List<string>();
        parts.Add(Faults == 0 ? "no faults" : Faults == 1 ? "1 fault" : $"{Faults} faults");
        var detail = string.Join(", ", Shown().Select(k => $"{k} x{_counts[k]}"));
        var text = detail.Length > 0 ? $"{parts[0]}: {detail}" : parts[0];
        return Segvs > 0 ? $"{text}; {Segvs} SIGSEGV" : text;
    }

    /// <summary>
    /// Every kind, or, past <see cref="MostKinds"/> (reasons that differ in a count, one per page),
    /// the first three, a line for those between, and the last.
    /// </summary>
    private IEnumerable<string> Shown()
    {
        if (_order.Count <= MostKinds)
        {
            return _order;
        }
        var between = _order.Skip(3).Take(_order.Count - 4).ToList();
        var faults = between.Sum(k => _counts[k]);
        var middle = $"{between.Count} more kinds";
        _counts[middle] = faults;
        return [.. _order.Take(3), middle, _order[^1]];
    }

    private const int MostKinds = 8;

    /// <summary>A fault's description without pfns, so that like decisions group together.</summary>
    private static string Key(FaultEvent f)
    {
        var text = EventFormatter.Describe(f with { OldPfn = 0, NewPfn = 0 });
        return text.Replace(" 0x0 -> 0x0", string.Empty).Replace(" 0x0", string.Empty);
    }
}
