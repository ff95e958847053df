using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Tests.Engine;

/// <summary>
/// Every answer of every era, at the versions where something changes, against a checked-in
/// expectation (EraAnswers.txt): a change of an era's facts or decisions fails here first. The
/// facts are written out; each decision algorithm is run over a grid of folio states and its
/// verdicts and trace steps are digested into one line per version.
/// </summary>
public sealed class EraAnswersTests
{
    /// <summary>Era representatives, and the versions inside eras where a fact changes.</summary>
    private static readonly string[] Versions =
    [
        "2.6", "5.3", "5.4", "5.4.27", "5.4.28", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.17",
        "5.18", "5.19", "6.0", "6.1", "6.2", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12", "6.13",
        "6.14", "6.15", "6.17", "6.18",
    ];

    [Fact]
    public void EveryEraAnswersAsCheckedIn()
    {
        var expected = File.ReadAllText(ExpectationPath()).ReplaceLineEndings("\n");
        var actual = Answers();
        if (Environment.GetEnvironmentVariable("MMDSL_UPDATE_ERA_ANSWERS") == "1")
        {
            File.WriteAllText(ExpectationPath(), actual);
        }
        Assert.Equal(expected, actual);
    }

    private static string ExpectationPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "EraAnswers.txt");

    internal static string Answers()
    {
        var text = new StringBuilder();
        foreach (var v in Versions)
        {
            Assert.True(KernelVersion.TryParse(v, out var version));
            var era = EraPolicy.For(version);
            text.Append($"{v}: {era.Name} | {era.Range} | {era.Summary}\n");
            text.Append($"  facts:");
            foreach (var (name, value) in Facts(era))
            {
                text.Append($" {name}={value}");
            }
            text.Append('\n');
            text.Append($"  fork: {era.ForkCopyRule} | {Bits(ForkPages(), era.ForkCopiesPage)}\n");
            text.Append($"  gup: {Bits(GupPages(), era.GupMustUnshare)}\n");
            text.Append($"  pageout: {Bits(Sharings(), era.PageoutConsidersShared)}\n");
            text.Append($"  do_wp_page: {Digest(WpFolios().Select(f => Run(f, () => era.DoWpPage(f).ToString())))}\n");
            text.Append($"  do_huge_pmd_wp_page: {Digest(WpFolios().Select(f => Run(f, () => era.DoHugePmdWpPage(f).ToString())))}\n");
            text.Append($"  do_swap_page: {Digest(SwapFolios().Select(f => Run(f, () => era.DoSwapPage(f).ToString())))}\n");
        }
        return text.ToString();
    }

    private static IEnumerable<(string, string)> Facts(EraPolicy era)
    {
        yield return ("LruBatchSize", era.LruBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("HasAnonExclusive", B(era.HasAnonExclusive));
        yield return ("HasLargeMapCount", B(era.HasLargeMapCount));
        yield return ("HasDoubleMap", B(era.HasDoubleMap));
        yield return ("HasMmIdTracking", B(era.HasMmIdTracking));
        yield return ("DeferredSplitOnlyWhilePartiallyMapped", B(era.DeferredSplitOnlyWhilePartiallyMapped));
        yield return ("HasMthp", B(era.HasMthp));
        yield return ("MprotectMakesExclusiveWritable", B(era.MprotectMakesExclusiveWritable));
        yield return ("GupForcesCowBreak", B(era.GupForcesCowBreak));
        yield return ("HasMadvPageout", B(era.HasMadvPageout));
        yield return ("PageoutSkipsShared", B(era.PageoutSkipsShared));
        yield return ("ReclaimSkipsPinned", B(era.ReclaimSkipsPinned));
        yield return ("SwapsOutMthpWhole", B(era.SwapsOutMthpWhole));
        yield return ("HasMadvCollapse", B(era.HasMadvCollapse));
        yield return ("KhugepagedCollapsesShared", B(era.KhugepagedCollapsesShared));
        yield return ("CollapseNeedsWritablePte", B(era.CollapseNeedsWritablePte));
        yield return ("CountsPgReuse", B(era.CountsPgReuse));
        yield return ("PagemapExclusivePerPageOfPmd", B(era.PagemapExclusivePerPageOfPmd));
        yield return ("ThpSplitStatsPmdOnly", B(era.ThpSplitStatsPmdOnly));
        yield return ("SwapFileRefusesLargeEntries", B(era.SwapFileRefusesLargeEntries));
        yield return ("HugeZeroWpAllocatesThp", B(era.HugeZeroWpAllocatesThp));
    }

    private static string B(bool b) => b ? "1" : "0";

    private static string Bits<T>(IEnumerable<T> inputs, Func<T, bool> decide) =>
        string.Concat(inputs.Select(i => decide(i) ? '1' : '0'));

    private static IEnumerable<bool> Both => [false, true];

    private static IEnumerable<ForkPage> ForkPages() =>
        from a in Both from b in Both from c in Both from d in Both from e in Both select new ForkPage(a, b, c, d, e);

    private static IEnumerable<GupPage> GupPages() =>
        from a in Both from b in Both from c in Both from d in Both from e in Both from f in Both select new GupPage(a, b, c, d, e, f);

    private static IEnumerable<IFolioSharing> Sharings() =>
        from n in new[] { 0, 1, 2 } from l in Both from m in Both select (IFolioSharing)new Sharing(n, l, m);

    private sealed record Sharing(int FirstPageMapCount, bool LikelyMappedShared, bool MaybeMappedShared) : IFolioSharing;

    private static string Run(FakeFolio folio, Func<string> decide)
    {
        var verdict = decide();
        return $"{verdict} {folio.After()} [{string.Join("; ", folio.Steps)}]";
    }

    private static string Digest(IEnumerable<string> lines)
    {
        var all = string.Join("\n", lines);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(all)))[..16].ToLowerInvariant();
    }

    private static IEnumerable<WpFake> WpFolios() =>
        from refs in new[] { 1, 2, 3, 4 }
        from pageMaps in new[] { 1, 2 }
        from folioMaps in new[] { 1, 2, 3 }
        from large in Both
        from exclusive in Both
        from shared in Both
        from swapcache in Both
        from lru in Both
        from swaps in new[] { 0, 1 }
        select new WpFake
        {
            RefCount = refs,
            PageMapCount = pageMaps,
            FolioMapCount = folioMaps,
            EntireMapCount = large ? 1 : 0,
            IsLarge = large,
            NrPages = large ? 16 : 1,
            PageAnonExclusive = exclusive,
            MaybeMappedShared = shared,
            InSwapCache = swapcache,
            OnLru = lru,
            SwapCount = swaps,
            MapSwapCount = pageMaps + swaps,
        };

    private static IEnumerable<SwapFake> SwapFolios() =>
        from write in Both
        from vmWrite in Both
        from fromCache in Both
        from exclusive in Both
        from refs in new[] { 1, 2, 3 }
        from swapcache in Both
        from lru in Both
        from mapSwaps in new[] { 1, 2 }
        from full in Both
        select new SwapFake
        {
            Write = write,
            VmWrite = vmWrite,
            FromSwapCache = fromCache,
            SwpExclusive = exclusive,
            RefCount = refs,
            NrPages = 1,
            InSwapCache = swapcache,
            OnLru = lru,
            MapSwapCount = mapSwaps,
            SwapFull = full,
        };

    private abstract class FakeFolio : IDecisionTrace
    {
        public List<string> Steps { get; } = [];

        public bool Explain => true;

        public void Step(string function, Fact rule, [InterpolatedStringHandlerArgument("")] ref TraceText condition) =>
            Steps.Add($"{function}: {condition.ToString()}");

        public void Note(string function, string condition) => Steps.Add($"{function}: {condition}");

        public abstract string After();
    }

    private sealed class WpFake : FakeFolio, IWpFolio
    {
        public bool IsKsm { get; init; }

        public bool Unshare { get; init; }

        public int RefCount { get; set; }

        public int PageMapCount { get; init; }

        public int FolioMapCount { get; init; }

        public int EntireMapCount { get; init; }

        public bool IsLarge { get; init; }

        public int NrPages { get; init; }

        public bool PageAnonExclusive { get; init; }

        public int MappingsInPageTable { get; init; }

        public bool MaybeMappedShared { get; init; }

        public bool InSwapCache { get; set; }

        public bool OnLru { get; set; }

        public int SwapCount { get; init; }

        public int MapSwapCount { get; init; }

        private bool _moved;

        public void LruAddDrain()
        {
            if (!OnLru && !IsLarge)
            {
                RefCount--;
            }
            OnLru = true;
        }

        public bool FreeSwap()
        {
            if (!InSwapCache || SwapCount > 0)
            {
                return false;
            }
            DeleteFromSwapCache();
            return true;
        }

        public void DeleteFromSwapCache()
        {
            InSwapCache = false;
            RefCount -= NrPages;
        }

        public void MoveAnonRmap() => _moved = true;

        public override string After() => $"ref {RefCount} swapcache {InSwapCache} lru {OnLru} moved {_moved}";
    }

    private sealed class SwapFake : FakeFolio, ISwapInFolio
    {
        public bool Write { get; init; }

        public bool VmWrite { get; init; }

        public bool FromSwapCache { get; init; }

        public bool SwpExclusive { get; init; }

        public int RefCount { get; set; }

        public int NrPages { get; init; }

        public bool InSwapCache { get; set; }

        public bool OnLru { get; set; }

        public int MapSwapCount { get; set; }

        public bool SwapFull { get; init; }

        private int _swapFreed;

        public void LruAddDrain()
        {
            if (!OnLru)
            {
                RefCount--;
            }
            OnLru = true;
        }

        public void SwapFree()
        {
            _swapFreed++;
            MapSwapCount--;
        }

        public bool FreeSwap()
        {
            if (!InSwapCache || MapSwapCount > 1)
            {
                return false;
            }
            DeleteFromSwapCache();
            return true;
        }

        public void DeleteFromSwapCache()
        {
            InSwapCache = false;
            RefCount -= NrPages;
        }

        public override string After() => $"ref {RefCount} swapcache {InSwapCache} lru {OnLru} swap_free {_swapFreed}";
    }
}
