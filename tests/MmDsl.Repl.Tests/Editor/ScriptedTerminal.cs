using System.Text;
using MmDsl.Repl.Terminal;
using RadLine;

namespace MmDsl.Repl.Tests.Editor;

/// <summary>A terminal whose keys are given in advance and whose output is kept.</summary>
public sealed class ScriptedTerminal : ITerminal, IInputSource
{
    private readonly Queue<ConsoleKeyInfo> _keys = new();

    public int Width { get; set; } = 80;

    public IInputSource Keys => this;

    public bool ByPassProcessing => true;

    public StringBuilder Output { get; } = new();

    /// <summary>When false, each key is read as if typed apart from the next (no paste).</summary>
    public bool Pasted { get; set; }

    public void Write(string text) => Output.Append(text);

    public bool IsKeyAvailable() => Pasted && _keys.Count > 0;

    public ConsoleKeyInfo ReadKey() =>
        _keys.Count > 0 ? _keys.Dequeue() : throw new InvalidOperationException("the test ran out of keys");

    /// <summary>Type text; <c>\n</c> is Enter.</summary>
    public ScriptedTerminal Type(string text)
    {
        foreach (var c in text)
        {
            _keys.Enqueue(c == '\n' ? Key(ConsoleKey.Enter, '\r') : new ConsoleKeyInfo(c, KeyOf(c), c is >= 'A' and <= 'Z', false, false));
        }
        return this;
    }

    public ScriptedTerminal Press(ConsoleKey key, ConsoleModifiers modifiers = 0)
    {
        var ch = key switch
        {
            ConsoleKey.Enter => '\r',
            ConsoleKey.Tab => '\t',
            ConsoleKey.Backspace => '\b',
            ConsoleKey.Escape => '\u001b',
            >= ConsoleKey.A and <= ConsoleKey.Z when modifiers == ConsoleModifiers.Control => (char)(key - ConsoleKey.A + 1),
            >= ConsoleKey.A and <= ConsoleKey.Z => (char)('a' + (key - ConsoleKey.A)),
            _ => '\0',
        };
        _keys.Enqueue(new ConsoleKeyInfo(ch, key,
            modifiers.HasFlag(ConsoleModifiers.Shift), modifiers.HasFlag(ConsoleModifiers.Alt), modifiers.HasFlag(ConsoleModifiers.Control)));
        return this;
    }

    public ScriptedTerminal Ctrl(ConsoleKey key) => Press(key, ConsoleModifiers.Control);

    public ScriptedTerminal Alt(ConsoleKey key) => Press(key, ConsoleModifiers.Alt);

    public int Pending => _keys.Count;

    private static ConsoleKeyInfo Key(ConsoleKey key, char c) => new(c, key, false, false, false);

    private static ConsoleKey KeyOf(char c) => c switch
    {
        >= 'a' and <= 'z' => ConsoleKey.A + (c - 'a'),
        >= 'A' and <= 'Z' => ConsoleKey.A + (c - 'A'),
        >= '0' and <= '9' => ConsoleKey.D0 + (c - '0'),
        ' ' => ConsoleKey.Spacebar,
        _ => ConsoleKey.Oem1,
    };
}
