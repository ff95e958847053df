using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>Runs a parser, then a check that turns its result into a value or a problem.</summary>
internal sealed class CheckParser<T, U>(Parser<Token, T> inner, Func<T, Checked<U>> check) : Parser<Token, U>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out U result)
    {
        result = default!;
        if (!inner.TryParse(ref state, ref expecteds, out var value))
        {
            return false;
        }
        var outcome = check(value);
        if (outcome.Problem is { } problem)
        {
            return ParseContext.Fail(ref state, problem);
        }
        result = outcome.Value!;
        return true;
    }
}

/// <summary>
/// Consumes a token that is wrong in a way worth explaining (a keyword used as a name, a
/// handle out of place) and fails with the explanation; any other token is left alone.
/// </summary>
internal sealed class RejectParser<T>(Func<Token, Problem?> explain) : Parser<Token, T>
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out T result)
    {
        result = default!;
        if (!state.HasCurrent)
        {
            state.SetError(Maybe.Nothing<Token>(), true, state.Location, null);
            return false;
        }
        var token = state.Current;
        if (explain(token) is { } problem)
        {
            state.Advance();
            return ParseContext.Fail(ref state, problem);
        }
        state.SetError(Maybe.Just(token), false, state.Location, null);
        return false;
    }
}
