using System.Collections.Frozen;
using MmDsl.Language.Syntax;

namespace MmDsl.Language.Commands;

/// <summary>The words of keyword operands, and the values they stand for.</summary>
public static class Keywords
{
    public static FrozenDictionary<string, MmapFlag> MmapFlags { get; } = new Dictionary<string, MmapFlag>
    {
        ["thp"] = MmapFlag.Thp,
        ["nothp"] = MmapFlag.NoThp,
        ["shared"] = MmapFlag.Shared,
        ["ro"] = MmapFlag.ReadOnly,
        ["rw"] = MmapFlag.ReadWrite,
        ["none"] = MmapFlag.None,
        ["populate"] = MmapFlag.Populate,
        ["dontfork"] = MmapFlag.DontFork,
        ["wipeonfork"] = MmapFlag.WipeOnFork,
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, Protection> Protections { get; } = new Dictionary<string, Protection>
    {
        ["ro"] = Protection.ReadOnly,
        ["rw"] = Protection.ReadWrite,
        ["none"] = Protection.None,
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, Advice> Advices { get; } = new Dictionary<string, Advice>
    {
        ["dontneed"] = Advice.DontNeed,
        ["free"] = Advice.Free,
        ["willneed"] = Advice.WillNeed,
        ["hugepage"] = Advice.HugePage,
        ["nohugepage"] = Advice.NoHugePage,
        ["collapse"] = Advice.Collapse,
        ["pageout"] = Advice.PageOut,
        ["cold"] = Advice.Cold,
        ["dontfork"] = Advice.DontFork,
        ["dofork"] = Advice.DoFork,
        ["wipeonfork"] = Advice.WipeOnFork,
        ["keeponfork"] = Advice.KeepOnFork,
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, GupAccess> GupAccesses { get; } = new Dictionary<string, GupAccess>
    {
        ["ro"] = GupAccess.ReadOnly,
        ["rw"] = GupAccess.ReadWrite,
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, ShowKind> ShowKinds { get; } = new Dictionary<string, ShowKind>
    {
        ["procs"] = ShowKind.Procs,
        ["maps"] = ShowKind.Maps,
        ["ptes"] = ShowKind.Ptes,
        ["refs"] = ShowKind.Refs,
        ["folio"] = ShowKind.Folio,
        ["swap"] = ShowKind.Swap,
        ["pins"] = ShowKind.Pins,
        ["stats"] = ShowKind.Stats,
    }.ToFrozenDictionary();

    /// <summary>The word for an enum value, as written in scripts (<c>MmapFlag.NoThp</c> is <c>nothp</c>).</summary>
    public static string WordOf<T>(IReadOnlyDictionary<string, T> table, T value)
        where T : struct, Enum =>
        table.First(kv => EqualityComparer<T>.Default.Equals(kv.Value, value)).Key;

    /// <summary>Words that are operators of expressions and can never be names.</summary>
    public static FrozenSet<string> Reserved { get; } =
        new[] { "and", "or", "not", "in", "at", "to", "from", "true", "false" }.ToFrozenSet();
}
