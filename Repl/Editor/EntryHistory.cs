namespace MmDsl.Repl.Editor;

/// <summary>
/// The entries typed at the prompt, oldest first, without duplicates (a repeated entry moves to
/// the end, as bash's <c>erasedups</c>), kept in a file across sessions when one is given.
/// An entry that starts with a space is not kept (bash's <c>ignorespace</c>).
/// </summary>
internal sealed class EntryHistory
{
    private readonly List<string> _entries = [];
    private readonly string? _path;

    public EntryHistory(string? path = null, int capacity = 1000)
    {
        _path = path;
        Capacity = capacity;
        if (path is not null)
        {
            _entries.AddRange(HistoryFile.Load(path));
            Trim();
        }
    }

    public int Capacity { get; }

    public IReadOnlyList<string> Entries => _entries;

    public int Count => _entries.Count;

    /// <summary><c>$MMDSL_HISTORY</c>, else <c>~/.mmdsl_history</c>, else none.</summary>
    public static string? DefaultPath()
    {
        var set = Environment.GetEnvironmentVariable("MMDSL_HISTORY");
        if (!string.IsNullOrEmpty(set))
        {
            return set;
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".mmdsl_history");
    }

    public void Add(string entry)
    {
        if (string.IsNullOrWhiteSpace(entry) || entry.StartsWith(' '))
        {
            return;
        }
        entry = entry.TrimEnd();
        _entries.Remove(entry);
        _entries.Add(entry);
        Trim();
        if (_path is not null)
        {
            HistoryFile.Append(_path, entry, Capacity);
        }
    }

    /// <summary>
    /// The index of the newest entry before <paramref name="from"/> that starts with
    /// <paramref name="prefix"/> and differs from <paramref name="skip"/>, or -1.
    /// </summary>
    public int FindOlder(int from, string prefix, string? skip = null)
    {
        for (var i = Math.Min(from, _entries.Count) - 1; i >= 0; i--)
        {
            if (_entries[i].StartsWith(prefix, StringComparison.Ordinal) && _entries[i] != skip)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The oldest entry after <paramref name="from"/> that starts with <paramref name="prefix"/>, or -1.</summary>
    public int FindNewer(int from, string prefix, string? skip = null)
    {
        for (var i = Math.Max(from + 1, 0); i < _entries.Count; i++)
        {
            if (_entries[i].StartsWith(prefix, StringComparison.Ordinal) && _entries[i] != skip)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The newest entry before <paramref name="from"/> that contains <paramref name="text"/> (Ctrl-R), or -1.</summary>
    public int Search(int from, string text)
    {
        for (var i = Math.Min(from, _entries.Count) - 1; i >= 0; i--)
        {
            if (_entries[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private void Trim()
    {
        if (_entries.Count > Capacity)
        {
            _entries.RemoveRange(0, _entries.Count - Capacity);
        }
    }
}
