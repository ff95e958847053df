using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MmDsl.Language.Commands;

/// <summary>
/// Every command of the language, once: the parser's keywords, <c>help</c>, completion and
/// highlighting all read this table.
/// </summary>
internal static partial class CommandTable
{
    public static ImmutableArray<CommandInfo> All { get; } = Build();

    private static readonly FrozenDictionary<string, CommandInfo> ByName =
        All.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The command called <paramref name="name"/>, or null.</summary>
    public static CommandInfo? Find(string name) => ByName.GetValueOrDefault(name);

    public static bool IsCommand(string name) => ByName.ContainsKey(name);

    /// <summary>The command names closest to <paramref name="word"/>, best first (for "did you mean").</summary>
    public static IEnumerable<string> Nearest(string word, int maxDistance = 2) =>
        All.Select(c => (c.Name, Distance: EditDistance.Of(word, c.Name)))
            .Where(x => x.Distance <= maxDistance && x.Distance < Math.Max(2, word.Length))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name);

    private static ImmutableArray<CommandInfo> Build() =>
    [
        .. ProcessesGroup(),
        .. MappingsGroup(),
        .. AccessGroup(),
        .. PinsGroup(),
        .. ReclaimGroup(),
        .. SettingsGroup(),
        .. InspectionGroup(),
        .. QueriesGroup(),
        .. BlocksGroup(),
        .. SessionGroup(),
    ];

    private static CommandInfo C(
        string name,
        CommandGroup group,
        string synopsis,
        string summary,
        string description,
        string example,
        OperandKind first = OperandKind.None,
        params string[] keywords) =>
        new(name, group, synopsis, summary, description, example, [.. keywords]) { FirstOperand = first };
}
