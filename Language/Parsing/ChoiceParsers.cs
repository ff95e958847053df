using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>
/// A label in the users' words (<c>an address</c>), like Pidgin's <c>Labelled</c>, but free when
/// the input is right: labels matter only for messages, so they are collected only when a failed
/// statement is parsed again to explain it (<see cref="ParseContext.Explaining"/>).
/// </summary>
internal sealed class LabelParser<T>(Parser<Token, T> parser, string label) : Parser<Token, T>
{
    private readonly Parser<Token, T> _labelled = parser.Labelled(label);

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out T result)
    {
        var inner = state.Configuration is ParseContext { Explaining: true } ? _labelled : parser;
        var parsed = inner.TryParse(ref state, ref expecteds, out var value);
        result = value!;
        return parsed;
    }
}

/// <summary>
/// A choice decided by the next token alone, for alternatives that start with different tokens
/// (a number, a name, a parenthesis): one look instead of trying each alternative in turn.
/// </summary>
internal sealed class PredictiveParser<T>(Func<Token, int> choose, int atEnd, params Parser<Token, T>[] alternatives)
    : Parser<Token, T>
{
    public PredictiveParser(Func<Token, int> choose, params Parser<Token, T>[] alternatives)
        : this(choose, -1, alternatives)
    {
    }

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out T result)
    {
        result = default!;
        var index = state.HasCurrent ? choose(state.Current) : atEnd;
        if (index < 0)
        {
            state.SetError(state.HasCurrent ? Maybe.Just(state.Current) : Maybe.Nothing<Token>(), !state.HasCurrent, state.Location, null);
            return false;
        }
        var parsed = alternatives[index].TryParse(ref state, ref expecteds, out var value);
        result = value!;
        return parsed;
    }
}
