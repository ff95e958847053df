using MmDsl.Language.Commands;
using MmDsl.Language.Text;

namespace MmDsl.Language.Parsing;

/// <summary>
/// Turns a script into tokens. Knows just enough of the grammar to read what follows some
/// command words differently: a path or version after <c>include</c>, <c>run</c>, <c>kernel</c>,
/// ...; a setting key after <c>set</c>; a C# block after <c>cs</c> and <c>expect</c>.
/// </summary>
internal sealed partial class Lexer
{
    private enum Pending : byte
    {
        None,
        /// <summary>A path, a version, a setting key or a help topic comes next.</summary>
        Raw,
        /// <summary>After <c>expect</c>: a <c>{</c> opens C#.</summary>
        CSharp,
        /// <summary>After <c>cs</c>: a <c>{</c> opens C#, or <c>load</c> comes with a path.</summary>
        CSharpOrLoad,
        /// <summary>After <c>expect ... fails</c>: every word up to the end of the command is raw (<c>on 5.9-5.17 6.15+</c>).</summary>
        RawRest,
    }

    private static readonly int LoadId = Vocabulary.Id("load");
    private static readonly int PolicyId = Vocabulary.Id("policy");
    private static readonly int ExpectId = Vocabulary.Id("expect");
    private static readonly int FailsId = Vocabulary.Id("fails");

    private readonly SourceText _source;
    private readonly string _text;
    private readonly List<Diagnostic>? _diagnostics;
    private readonly bool _keepComments;
    /// <summary>The words met so far, with their vocabulary id: a name is looked up and allocated once per script.</summary>
    private readonly WordTable _words = new();
    private Token _token;
    private bool _produced;
    private int _pos;
    private bool _atStart = true;
    private Pending _pending;
    /// <summary>The word that began the current command, or -1.</summary>
    private int _command = -1;

    private Lexer(SourceText source, List<Diagnostic>? diagnostics, bool keepComments)
    {
        _source = source;
        _text = source.Text;
        _diagnostics = diagnostics;
        _keepComments = keepComments;
    }

    /// <summary>
    /// A lexer over <paramref name="source"/>, read with <see cref="Next"/>. Problems go to
    /// <paramref name="diagnostics"/> and leave an <see cref="TokenKind.Error"/> token.
    /// </summary>
    public static Lexer Create(SourceText source, List<Diagnostic>? diagnostics, bool keepComments = false) =>
        new(source, diagnostics, keepComments);

    /// <summary>Every token of <paramref name="source"/>, with a <see cref="TokenKind.Newline"/> for every line break.</summary>
    public static List<Token> Lex(SourceText source, List<Diagnostic>? diagnostics, bool keepComments = false)
    {
        var lexer = new Lexer(source, diagnostics, keepComments);
        var tokens = new List<Token>();
        while (lexer.Next(out var token))
        {
            tokens.Add(token);
        }
        return tokens;
    }

    /// <summary>The next token, or false at the end of the text.</summary>
    public bool Next(out Token token)
    {
        _produced = false;
        var text = _text;
        while ((uint)_pos < (uint)text.Length)
        {
            if (text[_pos] is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                _pos++;
                continue;
            }
            Step(text[_pos]);
            if (_produced)
            {
                break;
            }
        }
        token = _token;
        return _produced;
    }

    /// <summary>True when the next word after blanks is <paramref name="word"/>, followed by a blank or the end of the command.</summary>
    private bool NextWordIs(string word)
    {
        var at = _pos;
        while (at < _text.Length && _text[at] is ' ' or '\t')
        {
            at++;
        }
        if (at == _pos || string.CompareOrdinal(_text, at, word, 0, word.Length) != 0)
        {
            return false;
        }
        var after = at + word.Length;
        return after == _text.Length || _text[after] is ' ' or '\t' or '\r' or '\n' or ';';
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    /// <summary>Reads one token starting with <paramref name="c"/>, or skips a comment.</summary>
    private void Step(char c)
    {
        if (c == '\n')
        {
            Add(TokenKind.Newline, _pos, 1);
            _pos++;
            _atStart = true;
            _pending = Pending.None;
            _command = -1;
            return;
        }
        if ((c == '#' && !char.IsAsciiDigit(Peek(1))) || (c == '/' && Peek(1) == '/'))
        {
            Comment();
            return;
        }
        var pending = _pending;
        var atStart = _atStart;
        _pending = Pending.None;
        _atStart = false;
        if (c == ';')
        {
            _command = -1;
        }
        if (pending is Pending.Raw or Pending.RawRest && c is not (';' or '{' or '}'))
        {
            if (pending == Pending.RawRest)
            {
                _pending = Pending.RawRest;
            }
            if (c == '"')
            {
                QuotedString();
            }
            else
            {
                Raw();
            }
            return;
        }
        if ((pending is Pending.CSharp or Pending.CSharpOrLoad || (pending == Pending.RawRest && _command == PolicyId)) && c == '{')
        {
            CSharpBlock();
            return;
        }
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var id = Word();
            if (atStart)
            {
                _command = id;
                _pending = PendingAfter(Vocabulary.Command(id));
            }
            else if (id == FailsId && _command == ExpectId && NextWordIs("on"))
            {
                _pending = Pending.RawRest;
            }
            else if (pending == Pending.CSharpOrLoad && id == LoadId)
            {
                _pending = Pending.Raw;
            }
            return;
        }
        if (char.IsAsciiDigit(c))
        {
            Number();
            return;
        }
        Symbol(c);
    }

    private static Pending PendingAfter(CommandInfo? command) => command switch
    {
        null => Pending.None,
        { FirstOperand: OperandKind.File or OperandKind.KernelVersion } => Pending.Raw,
        { Name: "set" or "help" } => Pending.Raw,
        { Name: "cs" } => Pending.CSharpOrLoad,
        { Name: "policy" } => Pending.RawRest,
        { Name: "expect" } => Pending.CSharp,
        _ => Pending.None,
    };

    private void Add(TokenKind kind, int start, int length, long value = 0, object? payload = null)
    {
        _token = new Token(kind, start, length, value, payload, _source);
        _produced = true;
    }

    private void Comment()
    {
        var start = _pos;
        var end = _text.IndexOf('\n', _pos);
        _pos = end < 0 ? _text.Length : end;
        if (_keepComments)
        {
            Add(TokenKind.Comment, start, _pos - start);
        }
    }

    private int Word()
    {
        var text = _text;
        var start = _pos;
        var end = start + 1;
        while ((uint)end < (uint)text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }
        _pos = end;
        var chars = text.AsSpan(start, end - start);
        var index = _words.Find(chars);
        if (index < 0)
        {
            var known = Vocabulary.Find(chars);
            index = _words.Add(Vocabulary.Interned(known) ?? chars.ToString(), known);
        }
        var id = _words.Value(index);
        Add(TokenKind.Word, start, end - start, id, _words[index]);
        return id;
    }

    private void Raw()
    {
        var start = _pos;
        while (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] is not (';' or '{' or '}'))
        {
            _pos++;
        }
        Add(TokenKind.Raw, start, _pos - start, 0, _text.Substring(start, _pos - start));
    }

    private void CSharpBlock()
    {
        var start = _pos;
        var close = CSharpScanner.FindClose(_text, start);
        if (close < 0)
        {
            _pos = _text.Length;
            Add(TokenKind.CSharp, start, _pos - start, 1, _text[(start + 1)..]);
            Report(ErrorMessages.Codes.UnterminatedBlock, start, 1, ErrorMessages.UnterminatedBlock(new Span(_source, start, 1)));
            return;
        }
        _pos = close + 1;
        Add(TokenKind.CSharp, start, _pos - start, 0, _text[(start + 1)..close]);
    }

    private void Report(string code, int start, int length, string message) =>
        _diagnostics?.Add(new Diagnostic(Severity.Error, code, new Span(_source, start, length), message));

    private void Error(string code, int start, string message)
    {
        Add(TokenKind.Error, start, _pos - start);
        Report(code, start, _pos - start, message);
    }
}
