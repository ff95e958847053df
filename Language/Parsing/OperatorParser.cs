using MmDsl.Language.Syntax;
using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>
/// The operators of expressions over a primary parser, by precedence climbing: one call per
/// operand whatever the number of levels. From low to high precedence: <c>or</c>, <c>and</c>,
/// prefix <c>not</c>, comparisons (non-associative), <c>+ -</c>, <c>*</c>, prefix <c>-</c>.
/// Binary operators are left-associative.
/// </summary>
internal sealed class OperatorParser(Parser<Token, Expr> primary) : Parser<Token, Expr>
{
    private const int Disjunction = 1;
    private const int Conjunction = 2;
    private const int Not = 3;
    private const int Comparison = 4;
    private const int Sum = 5;
    private const int Product = 6;
    private const int Negation = 7;

    private static readonly int AndId = Vocabulary.Id("and");
    private static readonly int OrId = Vocabulary.Id("or");
    private static readonly int NotId = Vocabulary.Id("not");

    /// <summary>True for the words that are operators of expressions (<c>and</c>, <c>or</c>, <c>not</c>).</summary>
    public static bool IsOperatorWord(int id) => id == AndId || id == OrId || id == NotId;

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Expr result) =>
        Parse(ref state, ref expecteds, Disjunction, out result);

    private bool Parse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, int lowest, out Expr result)
    {
        result = null!;
        Expr left;
        if (state.HasCurrent && Prefix(state.Current) is var (unary, level) && level >= lowest)
        {
            var op = state.Current;
            state.Advance();
            if (!Parse(ref state, ref expecteds, level, out var operand))
            {
                return false;
            }
            left = new UnaryExpr(unary, operand, op.Span.To(operand.Span));
        }
        else if (!primary.TryParse(ref state, ref expecteds, out left!))
        {
            return false;
        }
        var compared = false;
        while (state.HasCurrent && Binary(state.Current) is var (binary, precedence) && precedence >= lowest)
        {
            var op = state.Current;
            if (precedence == Comparison && compared)
            {
                return ParseContext.Fail(ref state, new ProblemAt(
                    ErrorMessages.Codes.Syntax, ErrorMessages.ChainedComparison(op.Text), op.Span));
            }
            compared = precedence == Comparison;
            state.Advance();
            if (!Parse(ref state, ref expecteds, precedence + 1, out var right))
            {
                return false;
            }
            left = new BinaryExpr(binary, left, right, left.Span.To(right.Span));
        }
        result = left;
        return true;
    }

    private static (UnaryOp Op, int Level)? Prefix(in Token t) => t.Kind switch
    {
        TokenKind.Minus => (UnaryOp.Negate, Negation),
        TokenKind.Word when t.Value == NotId => (UnaryOp.Not, Not),
        _ => null,
    };

    private static (BinaryOp Op, int Precedence)? Binary(in Token t) => t.Kind switch
    {
        TokenKind.Star => (BinaryOp.Multiply, Product),
        TokenKind.Plus => (BinaryOp.Add, Sum),
        TokenKind.Minus => (BinaryOp.Subtract, Sum),
        TokenKind.Equal => (BinaryOp.Equal, Comparison),
        TokenKind.NotEqual => (BinaryOp.NotEqual, Comparison),
        TokenKind.Less => (BinaryOp.Less, Comparison),
        TokenKind.LessOrEqual => (BinaryOp.LessOrEqual, Comparison),
        TokenKind.Greater => (BinaryOp.Greater, Comparison),
        TokenKind.GreaterOrEqual => (BinaryOp.GreaterOrEqual, Comparison),
        TokenKind.Word when t.Value == AndId => (BinaryOp.And, Conjunction),
        TokenKind.Word when t.Value == OrId => (BinaryOp.Or, Disjunction),
        _ => null,
    };
}
