namespace MmDsl.Repl.Editor;

/// <summary>Up and Down through the history, filtered by what was typed before the walk began.</summary>
internal sealed partial class PromptEditor
{
    /// <summary>The history entry shown, or -1 while not walking the history.</summary>
    private int _historyIndex = -1;
    private string _draft = string.Empty;

    private void ResetHistoryWalk() => _historyIndex = -1;

    private void OlderEntry()
    {
        var history = History;
        if (_historyIndex < 0)
        {
            _draft = _buffer.Text;
        }
        var shown = _historyIndex < 0 ? _draft : history.Entries[_historyIndex];
        var from = _historyIndex < 0 ? history.Count : _historyIndex;
        var found = history.FindOlder(from, _draft, skip: shown);
        if (found < 0)
        {
            return;
        }
        _historyIndex = found;
        _buffer.SetText(history.Entries[found]);
    }

    private void NewerEntry()
    {
        var history = History;
        if (_historyIndex < 0)
        {
            return;
        }
        var found = history.FindNewer(_historyIndex, _draft, skip: history.Entries[_historyIndex]);
        if (found < 0)
        {
            _historyIndex = -1;
            _buffer.SetText(_draft);
            return;
        }
        _historyIndex = found;
        _buffer.SetText(history.Entries[found]);
    }
}
