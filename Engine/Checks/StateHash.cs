namespace MmDsl.Engine.Checks;

/// <summary>
/// A 128-bit hash built word by word, for telling states apart in an exhaustive search: two lanes
/// of a 64-bit multiply-xorshift mix with different seeds, so that a collision in one lane alone
/// does not merge two states. Not cryptographic; deterministic on every machine.
/// </summary>
internal struct StateHash
{
    private ulong _a;
    private ulong _b;
    private ulong _n;

    public StateHash()
    {
        _a = 0x9E3779B97F4A7C15UL;
        _b = 0xC2B2AE3D27D4EB4FUL;
    }

    public void Add(ulong word)
    {
        _n++;
        _a = Mix(_a ^ (word + 0x165667B19E3779F9UL));
        _b = Mix(_b + (word ^ 0x27D4EB2F165667C5UL) * 0x9E3779B97F4A7C15UL);
    }

    public void Add(long word) => Add((ulong)word);

    public void Add(int word) => Add((ulong)(uint)word);

    public void Add(bool flag) => Add(flag ? 1UL : 2UL);

    public void Add(string text)
    {
        Add(text.Length);
        foreach (var c in text)
        {
            Add((ulong)c);
        }
    }

    public readonly UInt128 Value => new(Mix(_a ^ _n), Mix(_b + _n));

    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
