using CsCheck;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Tests.Properties;

/// <summary>
/// Random scripts on the engine, each in a random era: the invariants hold after every step, and
/// every process reads back exactly what it, or its ancestors before the fork, wrote. Set
/// MMDSL_PROPERTY_ITER to run more scripts per era, CsCheck_Seed to replay a failure.
/// </summary>
public class PropertyTests
{
    private const int Iterations = 500;

    private static readonly Gen<EraPolicy> Era = Gen.Int[0, EraPolicy.All.Count - 1].Select(i => EraPolicy.All[i]);

    [Fact]
    public void PrivateMemoryHoldsForBasicScripts() => Check(Alphabet.Basic);

    [Fact]
    public void PrivateMemoryHoldsWithPinsSwapAndThpOperations() => Check(Alphabet.All);

    [Fact]
    public void PrivateMemoryHoldsWithKsm() => Check(Alphabet.Basic | Alphabet.Ksm | Alphabet.Swap | Alphabet.Gup);

    /// <summary>Every era gets its share of scripts: the same property, era by era, fewer scripts each.</summary>
    [Theory]
    [MemberData(nameof(Eras))]
    public void PrivateMemoryHoldsInEachEra(string version)
    {
        Assert.True(KernelVersion.TryParse(version, out var v));
        OpGen.Script(Alphabet.All).Sample(
            ops => new ScriptRun(v).Run(ops),
            iter: EraIterations,
            seed: Environment.GetEnvironmentVariable("CsCheck_Seed"),
            print: Print);
    }

    /// <summary>
    /// Scripts per era: MMDSL_PROPERTY_ITER for a long run (docs/reliability.md), else a CI-sized
    /// share. (CsCheck_Iter does not reach a Sample given an explicit iteration count.)
    /// </summary>
    private static long EraIterations =>
        long.TryParse(Environment.GetEnvironmentVariable("MMDSL_PROPERTY_ITER"), out var n) && n > 0 ? n : Iterations / 5;

    public static TheoryData<string> Eras()
    {
        var data = new TheoryData<string>();
        foreach (var era in EraPolicy.All)
        {
            data.Add(era.Version.ToString());
        }
        return data;
    }

    private static void Check(Alphabet alphabet) =>
        Gen.Select(Era, OpGen.Script(alphabet)).Sample(
            t => new ScriptRun(t.Item1.Version).Run(t.Item2),
            iter: Iterations,
            seed: Environment.GetEnvironmentVariable("CsCheck_Seed"),
            print: t => $"kernel {t.Item1.Version}\n{Print(t.Item2)}");

    private static string Print(Op[] ops) => string.Join("\n", ops.Select(o => o.ToString()));
}
