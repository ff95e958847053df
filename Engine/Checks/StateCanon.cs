namespace MmDsl.Engine.Checks;

/// <summary>
/// Numbers in a machine state that carry no meaning of their own (page frames, swap slots, anon_vma
/// and MM ids, the values written) renumbered in the order a canonical walk first meets them, so
/// that two states that differ only in such numbers hash alike (<see cref="Machine.AddStateTo"/>).
/// </summary>
internal sealed class StateCanon
{
    private readonly Dictionary<int, int> _folios = [];
    private readonly Dictionary<int, int> _slots = [];
    private readonly Dictionary<int, int> _anonVmas = [];
    private readonly Dictionary<int, int> _mms = [];
    private readonly Dictionary<ulong, int> _values = [];

    /// <summary>The folios met so far, in the order met (head pfns).</summary>
    public List<int> FolioOrder { get; } = [];

    /// <summary>The swap slots met so far, in the order met.</summary>
    public List<int> SlotOrder { get; } = [];

    public int Folio(int head)
    {
        // Runs of entries map the same folio: the last answer is the likely one.
        if (head == _lastHead)
        {
            return _lastId;
        }
        if (!_folios.TryGetValue(head, out var id))
        {
            _folios[head] = id = _folios.Count + 1;
            FolioOrder.Add(head);
        }
        _lastHead = head;
        _lastId = id;
        return id;
    }

    private int _lastHead = -1;
    private int _lastId;

    public int Slot(int slot)
    {
        if (!_slots.TryGetValue(slot, out var id))
        {
            _slots[slot] = id = _slots.Count + 1;
            SlotOrder.Add(slot);
        }
        return id;
    }

    public int AnonVma(int id) => id == 0 ? 0 : Of(_anonVmas, id);

    public int Mm(int id) => id == 0 ? 0 : Of(_mms, id);

    /// <summary>A written value: 0 stays 0, others are numbered as met.</summary>
    public ulong Value(ulong value)
    {
        if (value == 0)
        {
            return 0;
        }
        if (value == _lastValue)
        {
            return _lastValueId;
        }
        if (!_values.TryGetValue(value, out var id))
        {
            _values[value] = id = _values.Count + 1;
        }
        _lastValue = value;
        _lastValueId = (ulong)id;
        return (ulong)id;
    }

    private ulong _lastValue;
    private ulong _lastValueId;

    private static int Of(Dictionary<int, int> map, int key)
    {
        if (!map.TryGetValue(key, out var id))
        {
            map[key] = id = map.Count + 1;
        }
        return id;
    }
}
