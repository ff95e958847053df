namespace MmDsl.Language.Parsing;

/// <summary>What a stretch of C# text is, for highlighting.</summary>
internal enum CSharpPart : byte
{
    String,
    Comment,
}

/// <summary>
/// Finds the <c>}</c> that closes a C# block, skipping the braces inside string literals
/// (regular, verbatim, interpolated with nested holes, raw), char literals and comments.
/// Optionally records where strings and comments are, for the highlighter.
/// </summary>
internal struct CSharpScanner
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<(int Start, int Length, CSharpPart Part)>? _parts;
    private int _pos;

    private CSharpScanner(string text, int pos, List<(int, int, CSharpPart)>? parts)
    {
        _text = text;
        _pos = pos;
        _parts = parts;
    }

    /// <summary>The index of the <c>}</c> closing the block opened at <paramref name="openBrace"/>, or -1.</summary>
    public static int FindClose(string text, int openBrace, List<(int, int, CSharpPart)>? parts = null)
    {
        var scanner = new CSharpScanner(text, openBrace + 1, parts);
        return scanner.ScanCode(0);
    }

    private readonly char Peek(int offset) =>
        _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    /// <summary>Scans code up to an unmatched <c>}</c> and returns its index, or -1 at the end of the text.</summary>
    private int ScanCode(int depth)
    {
        var braces = 0;
        while (_pos < _text.Length)
        {
            switch (_text[_pos])
            {
                case '/' when Peek(1) == '/':
                    LineComment();
                    break;
                case '/' when Peek(1) == '*':
                    BlockComment();
                    break;
                case '\'':
                    CharLiteral();
                    break;
                case '"' or '@' or '$' when depth < MaxDepth:
                    if (!TryString(depth))
                    {
                        _pos++;
                    }
                    break;
                case '{':
                    braces++;
                    _pos++;
                    break;
                case '}':
                    if (braces == 0)
                    {
                        return _pos;
                    }
                    braces--;
                    _pos++;
                    break;
                default:
                    _pos++;
                    break;
            }
        }
        return -1;
    }

    private void LineComment()
    {
        var start = _pos;
        var end = _text.IndexOf('\n', _pos);
        _pos = end < 0 ? _text.Length : end;
        Record(start, CSharpPart.Comment);
    }

    private void BlockComment()
    {
        var start = _pos;
        var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        _pos = end < 0 ? _text.Length : end + 2;
        Record(start, CSharpPart.Comment);
    }

    private void CharLiteral()
    {
        var start = _pos++;
        for (var n = 0; _pos < _text.Length && n < 12; n++)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                break;
            }
            _pos += c == '\\' ? 2 : 1;
            if (c == '\'')
            {
                break;
            }
        }
        _pos = Math.Min(_pos, _text.Length);
        Record(start, CSharpPart.String);
    }

    /// <summary>Scans a string literal starting with <c>$</c>, <c>@</c> or <c>"</c>; false if there is none here.</summary>
    private bool TryString(int depth)
    {
        var start = _pos;
        var p = _pos;
        var dollars = 0;
        var verbatim = false;
        while (p < _text.Length)
        {
            if (_text[p] == '$')
            {
                dollars++;
            }
            else if (_text[p] == '@' && !verbatim)
            {
                verbatim = true;
            }
            else
            {
                break;
            }
            p++;
        }
        if (p >= _text.Length || _text[p] != '"')
        {
            return false;
        }
        var quotes = 0;
        while (p + quotes < _text.Length && _text[p + quotes] == '"')
        {
            quotes++;
        }
        if (quotes >= 3 && !verbatim)
        {
            _pos = p + quotes;
            RawString(start, quotes, dollars, depth);
        }
        else if (quotes == 2)
        {
            _pos = p + 2;
            Record(start, CSharpPart.String);
        }
        else
        {
            _pos = p + 1;
            QuotedString(start, verbatim, dollars > 0, depth);
        }
        return true;
    }

    private void QuotedString(int segment, bool verbatim, bool interpolated, int depth)
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '"')
            {
                if (verbatim && Peek(1) == '"')
                {
                    _pos += 2;
                    continue;
                }
                _pos++;
                break;
            }
            if (c == '\\' && !verbatim)
            {
                _pos = Math.Min(_pos + 2, _text.Length);
                continue;
            }
            if (c == '\n' && !verbatim)
            {
                break;
            }
            if (interpolated && (c == '{' || c == '}') && Peek(1) == c)
            {
                _pos += 2;
                continue;
            }
            if (interpolated && c == '{')
            {
                _pos++;
                segment = Hole(segment, 1, depth);
                continue;
            }
            _pos++;
        }
        Record(segment, CSharpPart.String);
    }

    private void RawString(int segment, int quotes, int dollars, int depth)
    {
        while (_pos < _text.Length)
        {
            var run = Run(_text[_pos]);
            if (_text[_pos] == '"' && run >= quotes)
            {
                _pos += run;
                break;
            }
            if (_text[_pos] == '{' && dollars > 0 && run >= dollars)
            {
                _pos += run;
                segment = Hole(segment, dollars, depth);
                continue;
            }
            _pos += run;
        }
        Record(segment, CSharpPart.String);
    }

    /// <summary>An interpolation hole: code up to its <c>}</c>, then the closing braces. Returns where the string goes on.</summary>
    private int Hole(int segment, int closers, int depth)
    {
        Record(segment, CSharpPart.String);
        var close = ScanCode(depth + 1);
        if (close < 0)
        {
            return _pos;
        }
        var holeEnd = close;
        _pos = close;
        for (var n = 0; n < closers && _pos < _text.Length && _text[_pos] == '}'; n++)
        {
            _pos++;
        }
        return holeEnd;
    }

    private readonly int Run(char c)
    {
        var n = 1;
        while (_pos + n < _text.Length && _text[_pos + n] == c)
        {
            n++;
        }
        return n;
    }

    private readonly void Record(int start, CSharpPart part)
    {
        if (_parts is not null && _pos > start)
        {
            _parts.Add((start, _pos - start, part));
        }
    }
}
