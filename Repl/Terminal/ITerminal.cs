using RadLine;

namespace MmDsl.Repl.Terminal;

/// <summary>What the editor needs of a terminal: keys in, ANSI text out, and its width.</summary>
internal interface ITerminal
{
    /// <summary>Columns; the editor wraps its own lines at this width.</summary>
    int Width { get; }

    /// <summary>Where keys come from (RadLine's input source).</summary>
    IInputSource Keys { get; }

    /// <summary>Write text with ANSI control sequences, and flush it.</summary>
    void Write(string text);
}
