using System.Collections.Concurrent;
using System.Collections.Immutable;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary>
/// Expressions, for one command: a word that is a keyword of the command ends an expression
/// instead of being read as a name. From low to high precedence: <c>or</c>, <c>and</c>,
/// <c>not</c>, comparisons (non-associative), <c>+ -</c>, <c>*</c>, unary <c>-</c>, primaries.
/// </summary>
internal sealed class ExpressionGrammar
{
    private static readonly ConcurrentDictionary<string, ExpressionGrammar> ByCommand = new(StringComparer.Ordinal);

    private static readonly Parser<Token, Token> Comma = Kind(TokenKind.Comma).Label(ErrorMessages.Labels.Comma);
    private static readonly Parser<Token, Token> LParen = Kind(TokenKind.LParen);
    private static readonly Parser<Token, Token> RParen = Kind(TokenKind.RParen).Label(ErrorMessages.Labels.CloseParen);

    private static readonly Parser<Token, Expr> NumberLeaf =
        Parser<Token>.Token(t => t.Kind is TokenKind.Number or TokenKind.Size)
            .Select<Expr>(t => new NumberExpr(t.Value, t.Kind == TokenKind.Size, t.Span));

    /// <summary><c>#1</c> where an expression is expected: explained, since it belongs in <c>handle(#1)</c>.</summary>
    private static readonly Parser<Token, Expr> MisplacedHandle = Reject<Expr>(t => t.Kind == TokenKind.Handle
        ? new ProblemAt(ErrorMessages.Codes.Handle, ErrorMessages.HandleMisplaced(t.Text), t.Span)
        : null);

    private static readonly Parser<Token, Expr> HandleArgument =
        Kind(TokenKind.Handle).Select<Expr>(t => new HandleExpr((int)t.Value, t.Span));

    private ExpressionGrammar(WordSet keywords)
    {
        Parser<Token, Expr>? expr = null;
        var inner = Rec(() => expr!);
        var arguments = Map(
            (_, args, close) => (Args: args, Close: close),
            LParen,
            new PredictiveParser<Expr>(t => t.Kind == TokenKind.Handle ? 0 : 1, 1, HandleArgument, inner.Label(ErrorMessages.Labels.Argument))
                .SeparatedBy(Comma),
            RParen);
        var nameOrCall = new NameOrCallParser(keywords, arguments);
        var parenthesised = Map(
            (open, e, close) => e with { Span = open.Span.To(close.Span) },
            LParen,
            inner.Label(ErrorMessages.Labels.Expression),
            RParen);
        var term = new PredictiveParser<Expr>(t => t.Kind switch
        {
            TokenKind.Number or TokenKind.Size => 0,
            TokenKind.Word => 1,
            TokenKind.LParen => 2,
            TokenKind.Handle => 3,
            _ => -1,
        }, NumberLeaf, nameOrCall, parenthesised, MisplacedHandle).Label(ErrorMessages.Labels.Expression);
        expr = new OperatorParser(term);
        Expr = expr;
    }

    /// <summary>A whole expression.</summary>
    public Parser<Token, Expr> Expr { get; }

    /// <summary>Expressions as the operands of a command: <c>write A buf+4K 8K</c> has three.</summary>
    public Parser<Token, ImmutableArray<Expr>> Operands => field ??= Expr.Repeated();

    /// <summary>The expression grammar of <paramref name="command"/>, whose keywords end expressions.</summary>
    public static ExpressionGrammar For(string command) =>
        ByCommand.GetOrAdd(command, c => new ExpressionGrammar(KeywordsOf(c)));

    /// <summary>
    /// A name, or a query call when a <c>(</c> follows it: <c>buf</c>, <c>refcount(A, buf)</c>. A word
    /// that is a keyword of the command is not a name here, and ends the expression.
    /// </summary>
    private sealed class NameOrCallParser(WordSet keywords, Parser<Token, (ImmutableArray<Expr> Args, Token Close)> arguments)
        : Parser<Token, Expr>
    {
        public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Expr result)
        {
            result = null!;
            if (!state.HasCurrent || state.Current is not { Kind: TokenKind.Word } word
                || keywords.Contains(word.Id) || WordSet.Reserved.Contains(word.Id))
            {
                state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<Token>(), !state.HasCurrent, state.Location, null);
                return false;
            }
            state.Advance();
            // A word that is no function, then a space and "(": a name (a process, say) followed by a
            // parenthesised operand, as in `write A (buf + 4K) = 1`, not a call.
            if (!state.HasCurrent || state.Current.Kind != TokenKind.LParen ||
                (state.Current.Start > word.End && QueryTable.Find(word.Text) is null))
            {
                result = new NameExpr(word.Text, word.Span);
                return true;
            }
            if (!arguments.TryParse(ref state, ref expecteds, out var call))
            {
                return false;
            }
            var outcome = CheckCall(word, call.Args, call.Close);
            if (outcome.Problem is { } problem)
            {
                return ParseContext.Fail(ref state, problem);
            }
            result = outcome.Value!;
            return true;
        }
    }

    private static Checked<Expr> CheckCall(Token word, ImmutableArray<Expr> args, Token close)
    {
        var span = word.Span.To(close.Span);
        if (QueryTable.Find(word.Text) is not { } query)
        {
            var names = QueryTable.All.Select(q => q.Name).ToList();
            return new ProblemAt(ErrorMessages.Codes.Function,
                ErrorMessages.UnknownFunction(word.Text, names, Nearest(word.Text, names)), word.Span);
        }
        var (min, max) = QueryTable.Arity(query.Args);
        if (args.Length < min || args.Length > max)
        {
            return new ProblemAt(ErrorMessages.Codes.Function, ErrorMessages.Arity(query.Name, min, max, args.Length), span);
        }
        for (var i = 0; i < args.Length; i++)
        {
            var wantsHandle = query.Args == QueryArgs.Handle && i == 0;
            if (args[i] is HandleExpr && !wantsHandle)
            {
                return new ProblemAt(ErrorMessages.Codes.Handle, ErrorMessages.HandleMisplaced(args[i].Span.Text), args[i].Span);
            }
            if (wantsHandle && args[i] is not HandleExpr)
            {
                return new ProblemAt(ErrorMessages.Codes.Handle, ErrorMessages.HandleArgument(args[i].Span.Text), args[i].Span);
            }
        }
        var processFirst = query.Args is QueryArgs.ProcessAddress or QueryArgs.Process && args.Length == max;
        if ((processFirst || query.Args == QueryArgs.Counter) && args[0] is not NameExpr)
        {
            var message = query.Args == QueryArgs.Counter
                ? ErrorMessages.CounterArgument(args[0].Span.Text)
                : ErrorMessages.ProcessFirst(args[0].Span.Text, query.Name, FormOf(query));
            return new ProblemAt(ErrorMessages.Codes.Function, message, args[0].Span);
        }
        if (query.Args == QueryArgs.Counter && args[0] is NameExpr counter && !CounterTable.IsCounter(counter.Name))
        {
            return new ProblemAt(ErrorMessages.Codes.Function,
                ErrorMessages.UnknownCounter(counter.Name, Nearest(counter.Name, CounterTable.All)), counter.Span);
        }
        return new CallExpr(query.Name, args, span);
    }

    private static string FormOf(QueryInfo query) => query.Args switch
    {
        QueryArgs.ProcessAddress => ErrorMessages.Synopses.ProcessAddressQuery,
        QueryArgs.Process => ErrorMessages.Synopses.ProcessQuery,
        QueryArgs.Counter => ErrorMessages.Synopses.CounterQuery,
        _ => ErrorMessages.Synopses.HandleQuery,
    };
}
