namespace MmDsl.Language.Parsing;

/// <summary>
/// Strings numbered in the order they were added, each with a number of the caller's, found by
/// their characters without allocating: an open-addressing hash table. The vocabulary and the
/// lexer's names of one script use it; it is small and plain, so that neither start-up nor a
/// look-up per word costs much.
/// </summary>
internal sealed class WordTable
{
    private string[] _words;
    private int[] _values;
    private int[] _hashes;
    private int[] _slots;

    public WordTable(int capacity = 16)
    {
        _words = new string[capacity];
        _values = new int[capacity];
        _hashes = new int[capacity];
        _slots = new int[SlotsFor(capacity)];
    }

    public int Count { get; private set; }

    /// <summary>The word numbered <paramref name="index"/>.</summary>
    public string this[int index] => _words[index];

    /// <summary>The caller's number given with the word numbered <paramref name="index"/>.</summary>
    public int Value(int index) => _values[index];

    /// <summary>The number of the word spelt <paramref name="chars"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> chars)
    {
        var hash = Hash(chars);
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var index = _slots[slot] - 1;
            if (index < 0)
            {
                return -1;
            }
            if (_hashes[index] == hash && chars.SequenceEqual(_words[index]))
            {
                return index;
            }
        }
    }

    /// <summary>Adds <paramref name="word"/>, which must not be in the table yet; returns its number.</summary>
    public int Add(string word, int value = 0)
    {
        if (Count == _words.Length)
        {
            Array.Resize(ref _words, Count * 2);
            Array.Resize(ref _values, Count * 2);
            Array.Resize(ref _hashes, Count * 2);
        }
        var index = Count++;
        _words[index] = word;
        _values[index] = value;
        _hashes[index] = Hash(word);
        if (Count * 2 > _slots.Length)
        {
            _slots = new int[_slots.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                Place(i);
            }
        }
        else
        {
            Place(index);
        }
        return index;
    }

    private void Place(int index)
    {
        var mask = _slots.Length - 1;
        var slot = _hashes[index] & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        _slots[slot] = index + 1;
    }

    private static int SlotsFor(int capacity)
    {
        var slots = 16;
        while (slots < capacity * 2)
        {
            slots *= 2;
        }
        return slots;
    }

    /// <summary>FNV-1a over the characters: words are short, and this needs no set-up.</summary>
    private static int Hash(ReadOnlySpan<char> chars)
    {
        var hash = 2166136261u;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash ^ (hash >> 15)) & int.MaxValue;
    }
}
