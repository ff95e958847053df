using RadLine;

namespace MmDsl.Repl.Terminal;

/// <summary>The process's own terminal.</summary>
internal sealed class ConsoleTerminal : ITerminal, IInputSource
{
    public int Width
    {
        get
        {
            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
            }
            catch (IOException)
            {
                return 80;
            }
        }
    }

    public IInputSource Keys => this;

    /// <summary>Pasted keys arrive as typed: Enter runs each complete line in turn.</summary>
    public bool ByPassProcessing => true;

    public void Write(string text)
    {
        Console.Out.Write(text);
        Console.Out.Flush();
    }

    public bool IsKeyAvailable() => Console.KeyAvailable;

    /// <summary>
    /// A key. Escape followed at once by a letter is Alt and that letter: how terminals send
    /// Alt-B, which .NET splits in two when several such keys arrive in one read.
    /// </summary>
    public ConsoleKeyInfo ReadKey()
    {
        var key = Console.ReadKey(intercept: true);
        if (key.Key != ConsoleKey.Escape || key.Modifiers != 0 || !Console.KeyAvailable)
        {
            return key;
        }
        var next = Console.ReadKey(intercept: true);
        return next.Modifiers == 0 && char.IsLetterOrDigit(next.KeyChar)
            ? new ConsoleKeyInfo(next.KeyChar, next.Key, shift: false, alt: true, control: false)
            : next;
    }
}
