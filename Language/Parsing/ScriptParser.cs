using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Language.Parsing;

/// <summary>
/// Parses MmDsl scripts. One command per line (or between <c>;</c>); a line with a syntax error
/// gets a diagnostic and parsing goes on with the next, so that every error of a file is reported.
/// </summary>
internal static partial class ScriptParser
{
    /// <summary>Parses <paramref name="source"/>. Never throws, whatever the input.</summary>
    public static ParseResult Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new List<Diagnostic>();
        ImmutableArray<Command> commands;
        try
        {
            commands = new Statements(source, Lexer.Create(source, diagnostics), diagnostics).Parse();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours, never the user's: say so rather than crash the REPL.
            diagnostics.Add(new Diagnostic(Severity.Error, ErrorMessages.Codes.Internal,
                new Span(source, 0, 0), ErrorMessages.Internal(e.Message)));
            commands = [];
        }
        var sorted = diagnostics.Count > 1
            ? [.. diagnostics.Select((d, i) => (d, i)).OrderBy(x => x.d.Span.Start).ThenBy(x => x.i).Select(x => x.d)]
            : diagnostics.ToImmutableArray();
        return new ParseResult(new Script(source, commands), sorted);
    }

    /// <summary>Parses <paramref name="text"/>, naming it <paramref name="path"/> in diagnostics.</summary>
    public static ParseResult Parse(string path, string text) => Parse(new SourceText(path, text));

    /// <summary>
    /// True when a <c>{</c> block (<c>for</c>, <c>cs</c>, <c>expect</c>, <c>compare</c>) is still
    /// open at the end of <paramref name="text"/>: the REPL then reads another line.
    /// </summary>
    public static bool NeedsMoreInput(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var depth = 0;
        foreach (var token in Lexer.Lex(new SourceText(string.Empty, text), null))
        {
            switch (token.Kind)
            {
                case TokenKind.CSharp when token.Unterminated:
                    return true;
                case TokenKind.LBrace:
                    depth++;
                    break;
                case TokenKind.RBrace:
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }
        return depth > 0;
    }

    /// <summary>How a token is quoted in a message.</summary>
    internal static string Display(in Token token)
    {
        const int max = 32;
        if (token.Kind is TokenKind.Block or TokenKind.CSharp)
        {
            return "{";
        }
        var text = token.Source.Text.Substring(token.Start, token.Length);
        return text.Length > max ? text[..max] + "..." : text;
    }

    /// <summary>The span a diagnostic about a token points at: a block's opening brace, or the token.</summary>
    internal static Span Focus(in Token token) =>
        token.Kind is TokenKind.Block or TokenKind.CSharp ? new Span(token.Source, token.Start, 1) : token.Span;
}
