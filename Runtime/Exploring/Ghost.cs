using MmDsl.Engine;
using MmDsl.Engine.Checks;

namespace MmDsl.Runtime.Exploring;

/// <summary>How a handle's reads are judged.</summary>
internal enum HandleRule
{
    /// <summary>vmsplice: the pipe shows the taker's page as it was, or as the taker later wrote it.</summary>
    Pipe,
    /// <summary>A R/O long-term pin: it sees the taker's later writes while the taker maps the page.</summary>
    PinRo,
    /// <summary>A R/W long-term pin: the taker's page table keeps mapping the pinned page.</summary>
    PinRw,
}

/// <summary>A handle as the oracle sees it: who took it of what, and the values its reader may see.</summary>
internal sealed record GhostHandle(string Taker, string Mapping, HandleRule Rule, bool Tracking, IReadOnlyList<ulong> Allowed);

/// <summary>
/// The oracle's model of private memory: what each process would read at page 0 of each mapping
/// if every process had memory of its own (fork copies it, a write changes the writer's alone), who
/// wrote each value, and what each handle may show. The explorer updates it after every operation
/// that succeeded and compares the machine with it (<see cref="ExploreOracle"/>).
/// </summary>
internal sealed class Ghost
{
    private readonly SortedDictionary<(string Process, string Mapping), ulong> _memory;
    private readonly SortedDictionary<int, GhostHandle> _handles;
    private readonly Dictionary<ulong, string> _writers;

    public Ghost()
        : this(new(Comparer<(string, string)>.Create(CompareKeys)), [], [])
    {
    }

    private Ghost(SortedDictionary<(string, string), ulong> memory, SortedDictionary<int, GhostHandle> handles, Dictionary<ulong, string> writers)
    {
        _memory = memory;
        _handles = handles;
        _writers = writers;
    }

    /// <summary>What each live process reads at each mapping it maps.</summary>
    public IEnumerable<KeyValuePair<(string Process, string Mapping), ulong>> Memory => _memory;

    public IEnumerable<KeyValuePair<int, GhostHandle>> Handles => _handles;

    public Ghost Clone() => new(new(_memory, _memory.Comparer), new(_handles), new(_writers));

    public bool Maps(string process, string mapping) => _memory.ContainsKey((process, mapping));

    public ulong Expected(string process, string mapping) => _memory[(process, mapping)];

    public bool HasHandle(int id) => _handles.ContainsKey(id);

    /// <summary>Who wrote <paramref name="value"/> (a process name, or "the setup"), or null.</summary>
    public string? Writer(ulong value) => _writers.GetValueOrDefault(value);

    /// <summary>The setup left <paramref name="process"/> reading <paramref name="value"/> at <paramref name="mapping"/>.</summary>
    public void Seed(string process, string mapping, ulong value)
    {
        _memory[(process, mapping)] = value;
        if (value != 0)
        {
            _writers.TryAdd(value, "the setup");
        }
    }

    /// <summary>Applies an operation that succeeded; <paramref name="newHandle"/> is the handle it opened, if any.</summary>
    public void Apply(ExploreOp op, int newHandle)
    {
        switch (op.Kind)
        {
            case OpKind.Fork:
                foreach (var ((p, m), v) in _memory.Where(kv => kv.Key.Process == op.Process).ToList())
                {
                    _memory[(op.Target!, m)] = v;
                }
                break;
            case OpKind.Exit:
                foreach (var key in _memory.Keys.Where(k => k.Process == op.Process).ToList())
                {
                    _memory.Remove(key);
                }
                StopTracking(h => h.Taker == op.Process);
                break;
            case OpKind.Write:
                _memory[(op.Process, op.Target!)] = op.Value;
                _writers[op.Value] = op.Process;
                foreach (var (id, h) in _handles.Where(kv => kv.Value.Tracking && kv.Value.Taker == op.Process && kv.Value.Mapping == op.Target).ToList())
                {
                    _handles[id] = h with { Allowed = [.. h.Allowed, op.Value] };
                }
                break;
            case OpKind.Munmap:
                _memory.Remove((op.Process, op.Target!));
                StopTracking(h => h.Taker == op.Process && h.Mapping == op.Target);
                break;
            case OpKind.PinRo or OpKind.PinRw or OpKind.Vmsplice when newHandle != 0:
                var rule = op.Kind switch { OpKind.PinRo => HandleRule.PinRo, OpKind.PinRw => HandleRule.PinRw, _ => HandleRule.Pipe };
                _handles[newHandle] = new GhostHandle(op.Process, op.Target!, rule, Tracking: true, [_memory.GetValueOrDefault((op.Process, op.Target!))]);
                break;
            case OpKind.Unpin or OpKind.Close:
                _handles.Remove(op.Handle);
                break;
        }
    }

    /// <summary>Adds the model to a state hash, its values numbered as the machine's were.</summary>
    public void AddTo(ref StateHash hash, StateCanon canon)
    {
        foreach (var ((p, m), v) in _memory)
        {
            hash.Add(p);
            hash.Add(m);
            hash.Add(canon.Value(v));
        }
        foreach (var h in _handles.Values)
        {
            hash.Add((int)h.Rule);
            hash.Add(h.Tracking);
            hash.Add(h.Allowed.Count);
            foreach (var v in h.Allowed)
            {
                hash.Add(canon.Value(v));
            }
        }
    }

    private void StopTracking(Func<GhostHandle, bool> which)
    {
        foreach (var (id, h) in _handles.Where(kv => which(kv.Value)).ToList())
        {
            _handles[id] = h with { Tracking = false };
        }
    }

    private static int CompareKeys((string, string) a, (string, string) b)
    {
        var c = string.CompareOrdinal(a.Item1, b.Item1);
        return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
    }
}
