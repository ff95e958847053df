using System.Collections.Immutable;
using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>
/// A label in the users' words (<c>an address</c>), free when the input is right: labels matter
/// only for messages, so they are collected only when a failed statement is parsed again to
/// explain it (<see cref="ParseContext.Explaining"/>). Unlike Pidgin's <c>Labelled</c>, a parser
/// that fails after reading some input keeps its own, more precise, expectation (<c>')'</c> in
/// <c>(1 + 2</c>).
/// </summary>
internal sealed class LabelParser<T>(Parser<Token, T> parser, string label) : Parser<Token, T>
{
    private readonly ImmutableArray<Expected<Token>> _label = [new Expected<Token>(label)];

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out T result)
    {
        var start = state.Location;
        var known = expecteds.Count;
        var parsed = parser.TryParse(ref state, ref expecteds, out var value);
        result = value!;
        if (!parsed && state.Location == start && state.Configuration is ParseContext { Explaining: true })
        {
            RepeatParsers.Forget(ref expecteds, known);
            expecteds.AddRange(_label);
        }
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
