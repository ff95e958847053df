using System.Collections.Immutable;

namespace MmDsl.Language.Commands;

/// <summary>
/// The words of one keyword operand and the values they stand for, in the order the language
/// lists them. A handful of words: a look-up is a short loop, and building the table at start-up
/// costs two arrays (no hashing, no dictionary over the enum type to compile).
/// </summary>
internal sealed class KeywordTable<T>
    where T : struct, Enum
{
    private readonly string[] _words;
    private readonly T[] _values;

    public KeywordTable(string[] words, T[] values)
    {
        if (words.Length != values.Length)
        {
            throw new ArgumentException("one value per word", nameof(values));
        }
        _words = words;
        _values = values;
        Words = [.. words];
    }

    /// <summary>The words, in the table's order.</summary>
    public ImmutableArray<string> Words { get; }

    public int Count => _words.Length;

    /// <summary>The <paramref name="index"/>th word's value.</summary>
    public T ValueAt(int index) => _values[index];

    /// <summary>The value of <paramref name="word"/>, if it is one of the table's words.</summary>
    public bool TryGetValue(string word, out T value)
    {
        for (var i = 0; i < _words.Length; i++)
        {
            if (string.Equals(_words[i], word, StringComparison.Ordinal))
            {
                value = _values[i];
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The word for <paramref name="value"/>, as written in scripts (<c>MmapFlag.NoThp</c> is <c>nothp</c>).</summary>
    public string WordOf(T value)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (EqualityComparer<T>.Default.Equals(_values[i], value))
            {
                return _words[i];
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, "no word for this value");
    }
}
