using System.Collections.Frozen;
using MmDsl.Language.Commands;

namespace MmDsl.Language.Parsing;

/// <summary>
/// Every word the language knows (command names, keywords, query names, setting words), read
/// from the tables in <see cref="Commands"/> and numbered, so that the lexer looks a word up once
/// and the grammar compares numbers.
/// </summary>
internal static class Vocabulary
{
    private static readonly string[] Words = Collect();

    private static readonly FrozenDictionary<string, int> Ids =
        Words.Select((w, i) => (w, i)).ToFrozenDictionary(x => x.w, x => x.i, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Ids.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly CommandInfo?[] CommandsById =
        Words.Select(CommandTable.Find).ToArray();

    public static int Count => Words.Length;

    /// <summary>The id of a known word, or -1.</summary>
    public static int Find(ReadOnlySpan<char> word) => Lookup.TryGetValue(word, out var id) ? id : -1;

    /// <summary>The id of a word the tables define (the grammar asks only for those).</summary>
    public static int Id(string word) =>
        Ids.TryGetValue(word, out var id) ? id : throw new InvalidOperationException($"'{word}' is in no table");

    public static string Word(int id) => Words[id];

    /// <summary>The word itself when it is known, so that names need not be allocated twice.</summary>
    public static string? Interned(int id) => id >= 0 ? Words[id] : null;

    /// <summary>The command called by the word, or null.</summary>
    public static CommandInfo? Command(int id) => id >= 0 ? CommandsById[id] : null;

    private static string[] Collect()
    {
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string w)
        {
            if (seen.Add(w))
            {
                words.Add(w);
            }
        }
        foreach (var c in CommandTable.All)
        {
            Add(c.Name);
            foreach (var k in c.Keywords)
            {
                Add(k);
            }
        }
        foreach (var w in Keywords.Reserved.Order(StringComparer.Ordinal))
        {
            Add(w);
        }
        foreach (var table in new IEnumerable<string>[]
        {
            Keywords.MmapFlags.Keys, Keywords.Protections.Keys, Keywords.Advices.Keys,
            Keywords.GupAccesses.Keys, Keywords.ShowKinds.Keys,
        })
        {
            foreach (var w in table.Order(StringComparer.Ordinal))
            {
                Add(w);
            }
        }
        foreach (var q in QueryTable.All)
        {
            Add(q.Name);
        }
        foreach (var s in SettingTable.All)
        {
            foreach (var w in s.Words)
            {
                Add(w);
            }
        }
        return [.. words];
    }
}

/// <summary>A set of vocabulary words, tested by id.</summary>
internal sealed class WordSet
{
    private readonly bool[] _member = new bool[Vocabulary.Count];

    public WordSet(IEnumerable<string> words)
    {
        foreach (var w in words)
        {
            _member[Vocabulary.Id(w)] = true;
        }
    }

    public static WordSet Reserved { get; } = new(Keywords.Reserved);

    public bool Contains(int id) => id >= 0 && _member[id];

    public bool Contains(in Token t) => t.Kind == TokenKind.Word && Contains(t.Id);
}
