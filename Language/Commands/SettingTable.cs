using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MmDsl.Language.Commands;

/// <summary>What a setting's value is.</summary>
internal enum SettingValueKind
{
    /// <summary>One of <see cref="SettingInfo.Words"/>.</summary>
    Word,
    /// <summary>A size expression (<c>1G</c>).</summary>
    Size,
    /// <summary>A number expression (<c>511</c>).</summary>
    Number,
}

/// <summary>
/// A key of <c>set</c>. <see cref="PerSize"/> keys are written <c>KEY.SIZE</c>
/// (<c>thp.16K</c>).
/// </summary>
internal sealed record SettingInfo(
    string Key, SettingValueKind Kind, ImmutableArray<string> Words, bool PerSize, string Summary);

/// <summary>Every key of <c>set</c>.</summary>
internal static class SettingTable
{
    public static ImmutableArray<SettingInfo> All { get; } =
    [
        new("thp", SettingValueKind.Word, ["always", "madvise", "never"], false,
            "/sys/kernel/mm/transparent_hugepage/enabled"),
        new("thp", SettingValueKind.Word, ["always", "madvise", "never", "inherit"], true,
            "per-size mTHP control hugepages-SIZEkB/enabled, 16K to 1M (6.8+)"),
        new("thp.use_zero_page", SettingValueKind.Word, ["on", "off"], false,
            "/sys/kernel/mm/transparent_hugepage/use_zero_page"),
        new("swap", SettingValueKind.Size, [], false, "size of the swap device (0 = no swap)"),
        new("swap.file", SettingValueKind.Word, ["on", "off"], false,
            "the swap device is a file, not a partition: no large entries from 6.10, so large folios split before swap-out"),
        new("swap.device", SettingValueKind.Word, ["disk", "file", "zram"], false,
            "the kind of swap device: a partition, a file (as swap.file on), or zram, whose synchronous I/O lets a page only one PTE refers to skip the swap cache on swap-in"),
        new("memory", SettingValueKind.Size, [], false, "size of physical memory"),
        new("khugepaged.max_ptes_none", SettingValueKind.Number, [], false,
            "khugepaged: most empty PTEs in a range it collapses"),
        new("khugepaged.max_ptes_swap", SettingValueKind.Number, [], false,
            "khugepaged: most swap PTEs in a range it collapses"),
        new("khugepaged.max_ptes_shared", SettingValueKind.Number, [], false,
            "khugepaged: most shared pages in a range it collapses"),
    ];

    private static readonly FrozenDictionary<string, SettingInfo> Plain =
        All.Where(s => !s.PerSize).ToFrozenDictionary(s => s.Key, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, SettingInfo> Sized =
        All.Where(s => s.PerSize).ToFrozenDictionary(s => s.Key, StringComparer.Ordinal);

    /// <summary>The setting for <c>set KEY</c>, or for <c>set KEY.SIZE</c> when <paramref name="perSize"/>.</summary>
    public static SettingInfo? Find(string key, bool perSize) =>
        (perSize ? Sized : Plain).GetValueOrDefault(key);

    /// <summary>Every key as the user writes it, for completion (<c>thp.16K</c> as <c>thp.SIZE</c>).</summary>
    public static IEnumerable<string> DisplayKeys =>
        All.Select(s => s.PerSize ? s.Key + ".SIZE" : s.Key);
}
