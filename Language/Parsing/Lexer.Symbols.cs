using System.Text;

namespace MmDsl.Language.Parsing;

internal sealed partial class Lexer
{
    private void Number()
    {
        var start = _pos;
        SkipNumberRun();
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _pos++;
            SkipNumberRun();
        }
        var chars = _text.AsSpan(start, _pos - start);
        switch (NumberLiteral.Parse(chars, out var value, out var isSize))
        {
            case NumberLiteral.Status.Ok:
                Add(isSize ? TokenKind.Size : TokenKind.Number, start, _pos - start, unchecked((long)value));
                break;
            case NumberLiteral.Status.Overflow:
                Error(ErrorMessages.Codes.BadNumber, start, ErrorMessages.NumberTooLarge(chars.ToString()));
                break;
            default:
                Error(ErrorMessages.Codes.BadNumber, start, ErrorMessages.MalformedNumber(chars.ToString()));
                break;
        }
    }

    private void SkipNumberRun()
    {
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }
    }

    private void Handle()
    {
        var start = _pos++;
        var value = 0L;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            value = Math.Min(value * 10 + (_text[_pos] - '0'), (long)int.MaxValue + 1);
            _pos++;
        }
        if (value > int.MaxValue)
        {
            Error(ErrorMessages.Codes.BadNumber, start, ErrorMessages.HandleTooLarge(_text[start.._pos]));
            return;
        }
        Add(TokenKind.Handle, start, _pos - start, value);
    }

    /// <summary>A double-quoted string with <c>\"</c> and <c>\\</c> escapes, on one line.</summary>
    private void QuotedString()
    {
        var start = _pos++;
        StringBuilder? decoded = null;
        var from = _pos;
        while (_pos < _text.Length && _text[_pos] != '"' && _text[_pos] != '\n')
        {
            if (_text[_pos] == '\\' && Peek(1) is '"' or '\\')
            {
                decoded ??= new StringBuilder();
                decoded.Append(_text, from, _pos - from).Append(_text[_pos + 1]);
                _pos += 2;
                from = _pos;
                continue;
            }
            _pos++;
        }
        if (_pos >= _text.Length || _text[_pos] != '"')
        {
            Error(ErrorMessages.Codes.UnterminatedString, start, ErrorMessages.UnterminatedString);
            return;
        }
        var value = decoded is null ? _text[from.._pos] : decoded.Append(_text, from, _pos - from).ToString();
        _pos++;
        Add(TokenKind.String, start, _pos - start, 0, value);
    }

    private void Symbol(char c)
    {
        var start = _pos;
        var next = Peek(1);
        switch (c)
        {
            case '#':
                Handle();
                return;
            case '"':
                QuotedString();
                return;
            case '-' when next == '-' && char.IsAsciiLetter(Peek(2)):
                _pos += 2;
                while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '-' or '_'))
                {
                    _pos++;
                }
                Add(TokenKind.Option, start, _pos - start);
                return;
            case '=' when next == '=':
                Two(TokenKind.Equal);
                return;
            case '!' when next == '=':
                Two(TokenKind.NotEqual);
                return;
            case '<' when next == '=':
                Two(TokenKind.LessOrEqual);
                return;
            case '>' when next == '=':
                Two(TokenKind.GreaterOrEqual);
                return;
            case '.' when next == '.':
                Two(TokenKind.DotDot);
                return;
        }
        var kind = c switch
        {
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '(' => TokenKind.LParen,
            ')' => TokenKind.RParen,
            ',' => TokenKind.Comma,
            '=' => TokenKind.Assign,
            '<' => TokenKind.Less,
            '>' => TokenKind.Greater,
            '{' => TokenKind.LBrace,
            '}' => TokenKind.RBrace,
            ';' => TokenKind.Semicolon,
            _ => TokenKind.Error,
        };
        if (kind != TokenKind.Error)
        {
            _pos++;
            Add(kind, start, 1);
            _atStart = kind is TokenKind.LBrace or TokenKind.Semicolon;
            return;
        }
        _pos += char.IsHighSurrogate(c) && char.IsLowSurrogate(next) ? 2 : 1;
        while (_pos < _text.Length && IsStray(_text[_pos]))
        {
            _pos++;
        }
        Error(ErrorMessages.Codes.BadCharacter, start, ErrorMessages.UnexpectedCharacters(_text[start.._pos]));
    }

    private void Two(TokenKind kind)
    {
        Add(kind, _pos, 2);
        _pos += 2;
    }

    /// <summary>A character that starts no token, so that a run of them makes one error.</summary>
    private static bool IsStray(char c) =>
        !char.IsWhiteSpace(c) && !char.IsAsciiLetterOrDigit(c) && "_#\"+-*(),=!<>.{};/".IndexOf(c) < 0;
}
