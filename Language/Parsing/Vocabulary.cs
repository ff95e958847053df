using MmDsl.Language.Commands;

namespace MmDsl.Language.Parsing;

/// <summary>
/// Every word the language knows (command names, keywords, query names, setting words), read
/// from the tables in <see cref="Commands"/> and numbered, so that the lexer looks a word up once
/// and the grammar compares numbers.
/// </summary>
internal static class Vocabulary
{
    private static readonly WordTable Words = Collect();

    private static readonly CommandInfo?[] CommandsById = CommandsOf(Words);

    public static int Count => Words.Count;

    /// <summary>The id of a known word, or -1.</summary>
    public static int Find(ReadOnlySpan<char> word) => Words.Find(word);

    /// <summary>The id of a word the tables define (the grammar asks only for those).</summary>
    public static int Id(string word) =>
        Words.Find(word) is var id and >= 0 ? id : throw new InvalidOperationException($"'{word}' is in no table");

    public static string Word(int id) => Words[id];

    /// <summary>The word itself when it is known, so that names need not be allocated twice.</summary>
    public static string? Interned(int id) => id >= 0 ? Words[id] : null;

    /// <summary>The command called by the word, or null.</summary>
    public static CommandInfo? Command(int id) => id >= 0 ? CommandsById[id] : null;

    private static CommandInfo?[] CommandsOf(WordTable words)
    {
        var commands = new CommandInfo?[words.Count];
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = CommandTable.Find(words[i]);
        }
        return commands;
    }

    private static WordTable Collect()
    {
        var words = new WordTable(256);
        void Add(string w)
        {
            if (words.Find(w) < 0)
            {
                words.Add(w);
            }
        }
        void AddSorted(IEnumerable<string> table)
        {
            var sorted = table.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            foreach (var w in sorted)
            {
                Add(w);
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
        AddSorted(Keywords.Reserved);
        AddSorted(Keywords.MmapFlags.Words);
        AddSorted(Keywords.Protections.Words);
        AddSorted(Keywords.Advices.Words);
        AddSorted(Keywords.GupAccesses.Words);
        AddSorted(Keywords.ShowKinds.Words);
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
        return words;
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
