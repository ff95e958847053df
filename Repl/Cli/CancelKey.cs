namespace MmDsl.Repl.Cli;

/// <summary>Ctrl-C for batch runs: the first press cancels the running script between commands.</summary>
internal static class CancelKey
{
    private static CancellationTokenSource _source = new();
    private static bool _installed;

    public static CancellationToken Token
    {
        get
        {
            Install();
            return _source.Token;
        }
    }

    /// <summary>A fresh token after a cancellation was handled (the REPL goes on).</summary>
    public static void Reset()
    {
        if (_source.IsCancellationRequested)
        {
            _source = new CancellationTokenSource();
        }
    }

    private static void Install()
    {
        if (_installed)
        {
            return;
        }
        _installed = true;
        Console.CancelKeyPress += (_, e) =>
        {
            if (!_source.IsCancellationRequested)
            {
                e.Cancel = true;
                _source.Cancel();
            }
        };
    }
}
