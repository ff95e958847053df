using MmDsl.Repl.Terminal;

namespace MmDsl.Repl.Editor;

/// <summary>Ctrl-R: incremental search backwards through the history, as in bash.</summary>
internal sealed partial class PromptEditor
{
    private SearchState? _search;

    private sealed class SearchState(string original)
    {
        public string Original { get; } = original;

        public string Query { get; set; } = string.Empty;

        /// <summary>The history entry found, or -1 before the first match.</summary>
        public int Match { get; set; } = -1;

        public bool Failed { get; set; }
    }

    internal void StartSearch()
    {
        if (_search is not null)
        {
            SearchOlder(_search, _search.Match < 0 ? History.Count : _search.Match);
            return;
        }
        _search = new SearchState(_buffer.Text);
    }

    /// <summary>
    /// A key while searching. Returns true when the key should then act as usual (it ended the
    /// search and keeps its own meaning, as arrows and Ctrl-A do in bash).
    /// </summary>
    private bool HandleSearchKey(ConsoleKeyInfo key)
    {
        var search = _search!;
        var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
        var alt = key.Modifiers.HasFlag(ConsoleModifiers.Alt);
        if (control && key.Key == ConsoleKey.R)
        {
            SearchOlder(search, search.Match < 0 ? History.Count : search.Match);
        }
        else if ((control && key.Key is ConsoleKey.G or ConsoleKey.C) || key.Key == ConsoleKey.Escape)
        {
            _search = null;
            if (key.Key != ConsoleKey.Escape)
            {
                _buffer.SetText(search.Original);
            }
            else
            {
                AcceptSearch(search);
            }
        }
        else if (key.Key == ConsoleKey.Backspace)
        {
            if (search.Query.Length > 0)
            {
                search.Query = search.Query[..^1];
                search.Failed = false;
                search.Match = -1;
                if (search.Query.Length > 0)
                {
                    SearchOlder(search, History.Count);
                }
            }
        }
        else if (!control && !alt && key.KeyChar != 0 && !char.IsControl(key.KeyChar))
        {
            search.Query += key.KeyChar;
            SearchOlder(search, search.Match < 0 ? History.Count : search.Match + 1);
        }
        else
        {
            AcceptSearch(search);
            return true;
        }
        Draw();
        return false;
    }

    private void SearchOlder(SearchState search, int from)
    {
        var found = search.Query.Length == 0 ? -1 : History.Search(from, search.Query);
        search.Failed = search.Query.Length > 0 && found < 0;
        if (found >= 0)
        {
            search.Match = found;
        }
    }

    private void AcceptSearch(SearchState search)
    {
        _search = null;
        _buffer.SetText(search.Match >= 0 ? History.Entries[search.Match] : search.Original);
    }

    private EntryView SearchView(SearchState search)
    {
        var text = search.Match >= 0 ? History.Entries[search.Match] : search.Original;
        var lines = text.Split('\n');
        var head = $"({(search.Failed ? "failed " : string.Empty)}reverse-i-search)`{search.Query}': ";
        var prompts = Enumerable.Range(0, lines.Length).Select(i => i == 0 ? head : _options.Prompt(i)).ToArray();
        var at = search.Match >= 0 ? Math.Max(0, text.IndexOf(search.Query, StringComparison.Ordinal)) : text.Length;
        var line = text[..at].Count(c => c == '\n');
        var column = at - (at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1);
        return new EntryView(
            prompts,
            prompts.Select(p => Sgr.Paint(p, _options.PromptStyle)).ToArray(),
            lines,
            Paint(text),
            line,
            column);
    }
}
