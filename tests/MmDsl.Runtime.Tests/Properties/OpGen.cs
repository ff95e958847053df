using CsCheck;

namespace MmDsl.Runtime.Tests.Properties;

/// <summary>Generators of random scripts over an alphabet of operations.</summary>
public static class OpGen
{
    private static readonly Gen<int> Choice = Gen.Int[0, 1000];

    private static readonly Gen<Op> Mmap =
        Gen.Select(Gen.Int[0, 9], Gen.Int[1, 24], Gen.Int[0, 99], (kind, pages, flags) => (Op)(kind switch
        {
            < 3 => new MmapOp(512 * (1 + flags % 2), Thp: true, NoThp: false, Shared: false, DontFork: false, WipeOnFork: false, ReadOnly: false),
            3 => new MmapOp(pages, false, false, Shared: true, false, false, false),
            _ => new MmapOp(pages, false, NoThp: flags % 5 == 0, false, DontFork: flags % 11 == 0, WipeOnFork: flags % 13 == 0, ReadOnly: flags % 17 == 0),
        }));

    private static readonly Gen<Op> Write = Gen.Select(Choice, Choice, Gen.Int[0, 2], Gen.Int[1, 1_000_000], Gen.Int[0, 9],
        (p, at, word, value, range) => (Op)new WriteOp(p, at, word, value, range == 0 ? 16 : 1));

    private static readonly Gen<Op> Read = Gen.Select(Choice, Choice, Gen.Int[0, 2], (p, at, word) => (Op)new ReadOp(p, at, word));

    private static readonly Gen<Op> Basic = Gen.Frequency(
        (4, Mmap),
        (1, Gen.Select(Choice, Choice, Gen.Int[1, 600], (p, at, n) => (Op)new MunmapOp(p, at, n))),
        (2, Gen.Select(Choice, Choice, Gen.Int[1, 600], Gen.Int[0, 2], (p, at, n, prot) => (Op)new MprotectOp(p, at, n, prot))),
        (1, Gen.Select(Choice, Choice, Gen.Int[1, 600], Gen.Int[1, 600], Gen.Bool, (p, at, n, m, mv) => (Op)new MremapOp(p, at, n, m, mv))),
        (2, Gen.Select(Choice, Choice, Gen.Int[1, 600], Gen.Int[0, 9], (p, at, n, a) => (Op)new MadviseOp(p, at, n, a))),
        (2, Choice.Select(p => (Op)new ForkOp(p))),
        (1, Choice.Select(p => (Op)new ExitOp(p))),
        (12, Write),
        (5, Read));

    private static readonly Gen<Op> Gup = Gen.Frequency(
        (3, Gen.Select(Choice, Choice, Gen.Int[1, 4], Gen.Int[0, 4], (p, at, n, k) => (Op)new GupOp(p, at, n, k))),
        (2, Choice.Select(h => (Op)new ReleaseOp(h))));

    private static readonly Gen<Op> Swap = Gen.Frequency(
        (3, Gen.Select(Choice, Choice, Gen.Int[1, 600], (p, at, n) => (Op)new SwapoutOp(p, at, n))),
        (1, Gen.Const((Op)new ReclaimOp())),
        (1, Gen.Const((Op)new DrainOp())),
        (1, Gen.Int[0, 2].Select(k => (Op)new SwapDeviceOp(k))));

    /// <summary>
    /// MADV_MERGEABLE over wide ranges (advice 10), MADV_UNMERGEABLE (11), writes of a few small
    /// values so that identical pages exist to merge, and ksmd.
    /// </summary>
    private static readonly Gen<Op> Ksm = Gen.Frequency(
        (3, Gen.Select(Choice, Choice, Gen.Int[1, 600], (p, at, n) => (Op)new MadviseOp(p, at, n, 10))),
        (1, Gen.Select(Choice, Choice, Gen.Int[1, 600], (p, at, n) => (Op)new MadviseOp(p, at, n, 11))),
        (3, Gen.Select(Choice, Choice, Gen.Int[1, 2], Gen.Int[0, 3], (p, at, value, range) => (Op)new WriteOp(p, at, 0, value, range == 0 ? 16 : 1))),
        (3, Gen.Const((Op)new KsmOp())));

    private static readonly Gen<Op> Thp = Gen.Frequency(
        (2, Gen.Select(Choice, Choice, Gen.Bool, (p, at, f) => (Op)new SplitOp(p, at, f))),
        (2, Gen.Select(Choice, Choice, (p, at) => (Op)new CollapseOp(p, at))),
        (2, Gen.Select(Choice, Choice, Gen.Int[1, 600], (p, at, n) => (Op)new MigrateOp(p, at, n))),
        (1, Gen.Const((Op)new ShrinkOp())),
        (1, Gen.Const((Op)new KhugepagedOp())),
        (1, Gen.Select(Gen.Int[2, 8], Gen.Int[0, 3], (o, m) => (Op)new MthpOp(o, m))));

    private static readonly Gen<Op> Files = Gen.Frequency(
        (3, Gen.Select(Choice, Gen.Int[1, 24], Gen.Int[0, 9], (f, pages, k) => (Op)new MemfdMmapOp(f, pages, Shared: k < 4, ReadOnly: k == 9))),
        (4, Gen.Select(Choice, Choice, Gen.Int[0, 2], Gen.Int[1, 1_000_000], (f, i, w, v) => (Op)new PwriteOp(f, i, w, v))));

    private static readonly Gen<Op> Lock =
        Gen.Select(Choice, Choice, Gen.Int[1, 600], Gen.Int[0, 3], (p, at, n, u) => (Op)new MlockOp(p, at, n, Unlock: u == 0));

    /// <summary>A script of 1..<paramref name="maxOps"/> operations drawn from <paramref name="alphabet"/>.</summary>
    public static Gen<Op[]> Script(Alphabet alphabet, int maxOps = 40)
    {
        var parts = new List<(int, IGen<Op>)> { (10, Basic) };
        if (alphabet.HasFlag(Alphabet.Gup))
        {
            parts.Add((2, Gup));
        }
        if (alphabet.HasFlag(Alphabet.Swap))
        {
            parts.Add((2, Swap));
        }
        if (alphabet.HasFlag(Alphabet.Thp))
        {
            parts.Add((2, Thp));
        }
        if (alphabet.HasFlag(Alphabet.Ksm))
        {
            parts.Add((2, Ksm));
        }
        if (alphabet.HasFlag(Alphabet.Files))
        {
            parts.Add((2, Files));
        }
        if (alphabet.HasFlag(Alphabet.Lock))
        {
            parts.Add((1, Lock));
        }
        var op = Gen.Frequency(parts.ToArray());
        return op.Array[1, maxOps];
    }
}
