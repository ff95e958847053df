namespace MmDsl.Runtime.Running;

/// <summary>
/// SplitMix64: the same numbers for the same seed on every machine and .NET version, so that a
/// scenario is named by its seed alone.
/// </summary>
internal sealed class FuzzRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, n).</summary>
    public int Below(int n) => (int)(Next() % (ulong)n);

    /// <summary>A number in [min, max].</summary>
    public int Between(int min, int max) => min + Below(max - min + 1);

    /// <summary>True with probability PERCENT / 100.</summary>
    public bool Chance(int percent) => Below(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>The seed of the N-th scenario of a run started with SEED.</summary>
    public static ulong ScenarioSeed(ulong seed, int n) => new FuzzRandom(seed * 1_000_003UL + (ulong)n).Next();
}
