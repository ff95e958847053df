using System.Collections.Frozen;
using MmDsl.Language.Syntax;

namespace MmDsl.Language.Commands;

/// <summary>The words of keyword operands, and the values they stand for.</summary>
internal static class Keywords
{
    public static KeywordTable<MmapFlag> MmapFlags { get; } = new(
        ["thp", "nothp", "shared", "ro", "rw", "none", "populate", "dontfork", "wipeonfork", "locked"],
        [
            MmapFlag.Thp, MmapFlag.NoThp, MmapFlag.Shared, MmapFlag.ReadOnly, MmapFlag.ReadWrite, MmapFlag.None,
            MmapFlag.Populate, MmapFlag.DontFork, MmapFlag.WipeOnFork, MmapFlag.Locked,
        ]);

    public static KeywordTable<Protection> Protections { get; } = new(
        ["ro", "rw", "none"],
        [Protection.ReadOnly, Protection.ReadWrite, Protection.None]);

    public static KeywordTable<Advice> Advices { get; } = new(
        [
            "dontneed", "free", "willneed", "hugepage", "nohugepage", "collapse", "pageout", "cold", "dontfork",
            "dofork", "wipeonfork", "keeponfork", "mergeable", "unmergeable",
        ],
        [
            Advice.DontNeed, Advice.Free, Advice.WillNeed, Advice.HugePage, Advice.NoHugePage, Advice.Collapse,
            Advice.PageOut, Advice.Cold, Advice.DontFork, Advice.DoFork, Advice.WipeOnFork, Advice.KeepOnFork,
            Advice.Mergeable, Advice.Unmergeable,
        ]);

    public static KeywordTable<GupAccess> GupAccesses { get; } = new(
        ["ro", "rw"],
        [GupAccess.ReadOnly, GupAccess.ReadWrite]);

    public static KeywordTable<ShowKind> ShowKinds { get; } = new(
        ["procs", "maps", "ptes", "refs", "graph", "folio", "swap", "pins", "stats", "eras"],
        [
            ShowKind.Procs, ShowKind.Maps, ShowKind.Ptes, ShowKind.Refs, ShowKind.Graph, ShowKind.Folio, ShowKind.Swap,
            ShowKind.Pins, ShowKind.Stats, ShowKind.Eras,
        ]);

    /// <summary>The word for an enum value, as written in scripts (<c>MmapFlag.NoThp</c> is <c>nothp</c>).</summary>
    public static string WordOf<T>(KeywordTable<T> table, T value)
        where T : struct, Enum =>
        table.WordOf(value);

    /// <summary>Words that are operators of expressions and can never be names.</summary>
    public static FrozenSet<string> Reserved { get; } =
        new[] { "and", "or", "not", "in", "at", "to", "from", "true", "false" }.ToFrozenSet();
}
