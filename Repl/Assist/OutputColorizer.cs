using System.Text;
using System.Text.RegularExpressions;
using MmDsl.Repl.Terminal;
using Spectre.Console;

namespace MmDsl.Repl.Assist;

/// <summary>
/// Colours the interpreter's output on its way to the terminal: page states (copied, reused,
/// exclusive, pinned), failures (SIGSEGV, failed expectations, errors) and the caret under an
/// error. The interpreter writes plain lines; only the REPL wraps its output in this, and only
/// when the terminal shows colour, so scripts, pipes and golden files never see an escape code.
/// </summary>
internal sealed partial class OutputColorizer : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StringBuilder _line = new();

    public OutputColorizer(TextWriter inner)
    {
        _inner = inner;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            _inner.Write(Colour(_line.ToString()));
            _inner.Write('\n');
            _line.Clear();
            return;
        }
        _line.Append(value);
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void WriteLine() => Write('\n');

    public override void Flush()
    {
        if (_line.Length > 0)
        {
            _inner.Write(_line.ToString());
            _line.Clear();
        }
        _inner.Flush();
    }

    /// <summary>One line with its words of interest painted.</summary>
    public static string Colour(string line)
    {
        if (Caret().IsMatch(line))
        {
            return Sgr.Paint(line, Theme.Caret);
        }
        var location = Location().Match(line);
        if (location.Success)
        {
            return Sgr.Paint(location.Value, Theme.Location) + Sgr.Paint(line[location.Length..], Theme.Failure);
        }
        return Words().Replace(line, m => Sgr.Paint(m.Value, StyleOf(m.Value)));
    }

    private static Style StyleOf(string word) => word switch
    {
        "copy" or "copies" or "copied" => Theme.Copied,
        "reuse" or "reused" or "reuses" => Theme.Reused,
        "excl" or "exclusive" => Theme.Exclusive,
        "pin" or "pinned" or "longterm" => Theme.Pinned,
        _ => Theme.Failure,
    };

    [GeneratedRegex(@"\b(copy|copies|copied|reuse|reused|reuses|excl|exclusive|pin|pinned|longterm|SIGSEGV|expect failed|invariant violated|interrupted)\b")]
    private static partial Regex Words();

    /// <summary><c>FILE:LINE:COLUMN: </c> or <c>FILE:LINE: </c> at the start of an error or a failed expectation.</summary>
    [GeneratedRegex(@"^\S+:\d+(:\d+)?: ")]
    private static partial Regex Location();

    [GeneratedRegex(@"^\s+\^~*$")]
    private static partial Regex Caret();
}
