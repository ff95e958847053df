using System.Globalization;
using MmDsl.Engine.Eras;

namespace MmDsl.Engine;

/// <summary>
/// The per-size THP statistics of /sys/kernel/mm/transparent_hugepage/hugepages-SIZE/stats
/// (count_mthp_stat), for the anonymous paths the engine models. The language names one size's
/// counter NAME_SIZE: <c>anon_fault_alloc_64K</c> is hugepages-64kB/stats/anon_fault_alloc.
/// </summary>
internal enum MthpStat
{
    AnonFaultAlloc,
    AnonFaultFallback,
    Swpout,
    SwpoutFallback,
    Split,
    SplitFailed,
    SplitDeferred,
}

internal static class MthpStatNames
{
    /// <summary>The smallest and largest order with a stats directory: 16K and 2M (PMD).</summary>
    public const int MinOrder = 2;
    public const int MaxOrder = Machine.PmdOrder;

    private static readonly string[] Names =
        ["anon_fault_alloc", "anon_fault_fallback", "swpout", "swpout_fallback", "split", "split_failed", "split_deferred"];

    /// <summary>
    /// The release that added each file: ec33687c6749 (anon_fault_*, 6.10), d0f048ac39f6 (swpout*,
    /// 6.10, first named anon_swpout), f216c845f3c7 (split, split_failed, split_deferred, 6.11).
    /// </summary>
    private static readonly KernelVersion[] Since =
        [new(6, 10), new(6, 10), new(6, 10), new(6, 10), new(6, 11), new(6, 11), new(6, 11)];

    public static int Count => Names.Length;

    public static string Name(this MthpStat stat) => Names[(int)stat];

    public static KernelVersion AddedIn(this MthpStat stat) => Since[(int)stat];

    /// <summary>The language's name of one size's counter: <c>anon_fault_alloc_64K</c>.</summary>
    public static string Name(MthpStat stat, int order) => $"{stat.Name()}_{SizeName(order)}";

    /// <summary>16K, 32K, ... 1M, 2M.</summary>
    public static string SizeName(int order)
    {
        var kb = 4L << order;
        return kb >= 1024 ? (kb / 1024).ToString(CultureInfo.InvariantCulture) + "M" : kb.ToString(CultureInfo.InvariantCulture) + "K";
    }

    /// <summary>Every name, size by size, smallest first.</summary>
    public static IEnumerable<(string Name, int Order, MthpStat Stat)> All()
    {
        for (var order = MinOrder; order <= MaxOrder; order++)
        {
            for (var i = 0; i < Names.Length; i++)
            {
                yield return (Name((MthpStat)i, order), order, (MthpStat)i);
            }
        }
    }

    /// <summary>Reads <c>anon_fault_alloc_64K</c> as (order 4, AnonFaultAlloc).</summary>
    public static bool TryParse(string name, out int order, out MthpStat stat)
    {
        order = 0;
        stat = default;
        var underscore = name.LastIndexOf('_');
        if (underscore <= 0)
        {
            return false;
        }
        var index = Array.IndexOf(Names, name[..underscore]);
        if (index < 0)
        {
            return false;
        }
        for (var o = MinOrder; o <= MaxOrder; o++)
        {
            if (SizeName(o) == name[(underscore + 1)..])
            {
                order = o;
                stat = (MthpStat)index;
                return true;
            }
        }
        return false;
    }
}
