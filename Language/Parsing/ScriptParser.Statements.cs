using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;

namespace MmDsl.Language.Parsing;

internal static partial class ScriptParser
{
    private const int MaxBlockDepth = 32;
    private const int MaxExpressionDepth = 64;

    /// <summary>A chain of binary operators is a tree as deep as it is long: bounded, so that nothing walking it overflows the stack.</summary>
    private const int MaxOperators = 1000;

    private static readonly int NotId = Vocabulary.Id("not");
    private static readonly int AndId = Vocabulary.Id("and");
    private static readonly int OrId = Vocabulary.Id("or");

    /// <summary>
    /// Reads the tokens statement by statement (a statement ends at a line end or <c>;</c>), folds
    /// each <c>{ ... }</c> block into one token holding its own commands (parsed first, each line
    /// with its own recovery), and parses each statement with the grammar.
    /// </summary>
    private sealed class Statements(SourceText source, Lexer lexer, List<Diagnostic> diagnostics)
    {
        private readonly ParseContext _context = new();
        private readonly List<List<Token>> _buffers = [];

        public ImmutableArray<Command> Parse() => ParseBlock(0, out _);

        /// <summary>
        /// The commands up to the <c>}</c> that closes the block (at <paramref name="depth"/> &gt; 0,
        /// returned in <paramref name="close"/>), or up to the end of the text.
        /// </summary>
        private ImmutableArray<Command> ParseBlock(int depth, out Token? close)
        {
            // At the top, room for a command per line, so that a long script's list never grows.
            var commands = ImmutableArray.CreateBuilder<Command>(depth == 0 ? source.LineCount : 4);
            var statement = Buffer(depth);
            var bad = false;
            close = null;
            while (lexer.Next(out var token))
            {
                switch (token.Kind)
                {
                    case TokenKind.Newline or TokenKind.Semicolon:
                        Flush(commands, statement, bad);
                        bad = false;
                        break;
                    case TokenKind.RBrace when depth > 0:
                        Flush(commands, statement, bad);
                        close = token;
                        return commands.DrainToImmutable();
                    case TokenKind.RBrace:
                        Report(ErrorMessages.Codes.UnmatchedBrace, token.Span, ErrorMessages.UnmatchedBrace);
                        bad = true;
                        break;
                    case TokenKind.LBrace:
                        var body = ImmutableArray<Command>.Empty;
                        Token? end;
                        if (depth + 1 >= MaxBlockDepth)
                        {
                            Report(ErrorMessages.Codes.TooDeep, token.Span, ErrorMessages.TooDeep);
                            bad = true;
                            end = SkipBlock();
                        }
                        else
                        {
                            body = ParseBlock(depth + 1, out end);
                            if (body.OfType<UndoCommand>().FirstOrDefault() is { } undo)
                            {
                                // undo steps back whole commands: inside a loop it would undo the loop itself.
                                Report(ErrorMessages.Codes.Syntax, undo.Span, ErrorMessages.UndoInBlock);
                                bad = true;
                            }
                        }
                        if (end is not { } closing)
                        {
                            Report(ErrorMessages.Codes.UnterminatedBlock, token.Span, ErrorMessages.UnterminatedBlock(token.Span));
                            statement.Clear();
                            return commands.DrainToImmutable();
                        }
                        statement.Add(new Token(TokenKind.Block, token.Start, closing.End - token.Start, 0, new BlockBody(body), source));
                        break;
                    default:
                        bad |= token.Kind == TokenKind.Error || token.Unterminated;
                        statement.Add(token);
                        break;
                }
            }
            Flush(commands, statement, bad);
            return commands.DrainToImmutable();
        }

        /// <summary>Reads past a block nested too deeply to parse; returns its <c>}</c>, if any.</summary>
        private Token? SkipBlock()
        {
            var level = 1;
            while (lexer.Next(out var token))
            {
                if (token.Kind == TokenKind.LBrace)
                {
                    level++;
                }
                else if (token.Kind == TokenKind.RBrace && --level == 0)
                {
                    return token;
                }
            }
            return null;
        }

        private List<Token> Buffer(int depth)
        {
            while (_buffers.Count <= depth)
            {
                _buffers.Add([]);
            }
            var buffer = _buffers[depth];
            buffer.Clear();
            return buffer;
        }

        private void Flush(ImmutableArray<Command>.Builder commands, List<Token> tokens, bool bad)
        {
            var statement = CollectionsMarshal.AsSpan(tokens);
            if (!statement.IsEmpty && !bad && !TooDeep(statement))
            {
                try
                {
                    Parse(commands, statement);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A bug of ours, never the user's: say so for this statement and go on.
                    Report(ErrorMessages.Codes.Internal, statement[0].Span, ErrorMessages.Internal(e.Message));
                }
            }
            tokens.Clear();
        }

        private void Parse(ImmutableArray<Command>.Builder commands, ReadOnlySpan<Token> statement)
        {
            _context.Problem = null;
            _context.Explaining = false;
            _context.Statement = new Span(source, statement[0].Start, statement[^1].End - statement[0].Start);
            var result = CommandGrammar.Command.Parse(statement, _context);
            if (result.Success)
            {
                commands.Add(result.Value);
                return;
            }
            _context.Explaining = true;
            _context.Problem = null;
            result = CommandGrammar.Command.Parse(statement, _context);
            _context.Explaining = false;
            diagnostics.Add(Describe(result.Error!, statement, _context));
        }

        /// <summary>Reports a statement whose parentheses or prefix operators nest beyond reason.</summary>
        private bool TooDeep(ReadOnlySpan<Token> statement)
        {
            var parens = 0;
            var prefixes = 0;
            var operators = 0;
            foreach (var t in statement)
            {
                operators += t.Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Equal or
                    TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or
                    TokenKind.GreaterOrEqual || t.IsWord(AndId) || t.IsWord(OrId) ? 1 : 0;
                if (operators > MaxOperators)
                {
                    Report(ErrorMessages.Codes.TooDeep, t.Span, ErrorMessages.TooManyOperators);
                    return true;
                }
                parens += t.Kind == TokenKind.LParen ? 1 : t.Kind == TokenKind.RParen ? -1 : 0;
                prefixes = t.Kind is TokenKind.Minus || t.IsWord(NotId) ? prefixes + 1 : 0;
                if (parens > MaxExpressionDepth || prefixes > MaxExpressionDepth)
                {
                    Report(ErrorMessages.Codes.TooDeep, t.Span, ErrorMessages.TooDeep);
                    return true;
                }
            }
            return false;
        }

        private void Report(string code, Span span, string message) =>
            diagnostics.Add(new Diagnostic(Severity.Error, code, span, message));
    }
}
