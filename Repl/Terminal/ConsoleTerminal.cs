using RadLine;

namespace MmDsl.Repl.Terminal;

/// <summary>The process's own terminal.</summary>
public sealed class ConsoleTerminal : ITerminal, IInputSource
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

    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
