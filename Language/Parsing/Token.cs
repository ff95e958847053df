using MmDsl.Language.Text;

namespace MmDsl.Language.Parsing;

/// <summary>What a token is. The lexer makes every kind but <see cref="Block"/>, which the statement splitter makes.</summary>
internal enum TokenKind : byte
{
    /// <summary>A name or keyword: <see cref="Token.Id"/> says which known word, if any.</summary>
    Word,
    /// <summary>A number without a size suffix; <see cref="Token.Value"/> holds its bits.</summary>
    Number,
    /// <summary>A number with a size suffix (<c>4K</c>); <see cref="Token.Value"/> holds the bytes.</summary>
    Size,
    /// <summary>A pin handle <c>#N</c>; <see cref="Token.Value"/> holds N.</summary>
    Handle,
    /// <summary>A double-quoted string; <see cref="Token.Payload"/> holds the decoded text.</summary>
    String,
    /// <summary>A bare run of characters where a path or version is expected.</summary>
    Raw,
    /// <summary>A C# block <c>{ ... }</c> of <c>cs</c> or <c>expect</c>, kept as raw text.</summary>
    CSharp,
    /// <summary><c>--csharp</c> and the like.</summary>
    Option,
    Plus,
    Minus,
    Star,
    LParen,
    RParen,
    Comma,
    Assign,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    DotDot,
    LBrace,
    RBrace,
    Semicolon,
    Newline,
    Comment,
    /// <summary>Text the lexer could not read; it has reported it already.</summary>
    Error,
    /// <summary>A parsed block <c>{ ... }</c> of commands; <see cref="Token.Payload"/> holds them.</summary>
    Block,
}

/// <summary>
/// One token. <see cref="Value"/> holds a number's bits, a handle's number or a word's id in
/// <see cref="Vocabulary"/> (-1 for a word the language does not know).
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, long Value, object? Payload, SourceText Source)
{
    public int End => Start + Length;

    public Span Span => new(Source, Start, Length);

    public int Id => Kind == TokenKind.Word ? (int)Value : -1;

    /// <summary>The characters of the token.</summary>
    public ReadOnlySpan<char> Chars => Source.Text.AsSpan(Start, Length);

    /// <summary>The word, string or path the token stands for, or its text.</summary>
    public string Text => Payload as string ?? Source.Text.Substring(Start, Length);

    /// <summary>True when the token is <see cref="TokenKind.Word"/> with the given vocabulary id.</summary>
    public bool IsWord(int id) => Kind == TokenKind.Word && Value == id;

    /// <summary>True for a C# block whose closing brace is missing.</summary>
    public bool Unterminated => Kind is TokenKind.CSharp && Value == 1;
}
