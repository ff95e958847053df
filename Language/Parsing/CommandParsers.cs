using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;

namespace MmDsl.Language.Parsing;

/// <summary>
/// A whole command: its word, its parts in order, then the end of the statement; the command is
/// built from the parts and the statement's span (a command is the whole statement), or fails
/// with a problem. One class per number of parts, so that a command's grammar needs no tuple of
/// its parts and no parser to build one: each distinct parser type is code to compile when a
/// script first uses the command.
/// </summary>
internal abstract class CommandParserBase(int word) : Parser<Token, Command>
{
    /// <summary>Reads the command word, as <see cref="Leaves.Word"/> would.</summary>
    protected bool Start(ref ParseState<Token> state)
    {
        if (!state.HasCurrent)
        {
            state.SetError(Maybe.Nothing<Token>(), true, state.Location, null);
            return false;
        }
        if (!state.Current.IsWord(word))
        {
            state.SetError(Maybe.Just(state.Current), false, state.Location, null);
            return false;
        }
        state.Advance();
        return true;
    }

    /// <summary>The command built, or the problem that prevents it.</summary>
    protected static bool Finish(ref ParseState<Token> state, Checked<Command> outcome, out Command result)
    {
        result = null!;
        if (outcome.Problem is { } problem)
        {
            return ParseContext.Fail(ref state, problem);
        }
        result = outcome.Value!;
        return true;
    }

    /// <summary>The end of the statement, as Pidgin's <c>End</c> reads it: false, with the end expected, when a token is left.</summary>
    protected static bool AtEnd(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds)
    {
        if (!state.HasCurrent)
        {
            return true;
        }
        state.SetError(Maybe.Just(state.Current), false, state.Location, null);
        expecteds.Add(default);
        return false;
    }

    protected static Span Statement(ref ParseState<Token> state) => ((ParseContext)state.Configuration).Statement;
}

/// <summary>A command that is its word alone.</summary>
internal sealed class CommandParser(int word, Func<Span, Checked<Command>> build) : CommandParserBase(word)
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        return Start(ref state) && AtEnd(ref state, ref expecteds)
            && Finish(ref state, build(Statement(ref state)), out result);
    }
}

internal sealed class CommandParser<T1>(int word, Parser<Token, T1> first, Func<T1, Span, Checked<Command>> build)
    : CommandParserBase(word)
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        return Start(ref state)
            && first.TryParse(ref state, ref expecteds, out var a)
            && AtEnd(ref state, ref expecteds)
            && Finish(ref state, build(a, Statement(ref state)), out result);
    }
}

internal sealed class CommandParser<T1, T2>(
    int word, Parser<Token, T1> first, Parser<Token, T2> second, Func<T1, T2, Span, Checked<Command>> build)
    : CommandParserBase(word)
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        return Start(ref state)
            && first.TryParse(ref state, ref expecteds, out var a)
            && second.TryParse(ref state, ref expecteds, out var b)
            && AtEnd(ref state, ref expecteds)
            && Finish(ref state, build(a, b, Statement(ref state)), out result);
    }
}

internal sealed class CommandParser<T1, T2, T3>(
    int word, Parser<Token, T1> first, Parser<Token, T2> second, Parser<Token, T3> third,
    Func<T1, T2, T3, Span, Checked<Command>> build)
    : CommandParserBase(word)
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        return Start(ref state)
            && first.TryParse(ref state, ref expecteds, out var a)
            && second.TryParse(ref state, ref expecteds, out var b)
            && third.TryParse(ref state, ref expecteds, out var c)
            && AtEnd(ref state, ref expecteds)
            && Finish(ref state, build(a, b, c, Statement(ref state)), out result);
    }
}

internal sealed class CommandParser<T1, T2, T3, T4>(
    int word, Parser<Token, T1> first, Parser<Token, T2> second, Parser<Token, T3> third, Parser<Token, T4> fourth,
    Func<T1, T2, T3, T4, Span, Checked<Command>> build)
    : CommandParserBase(word)
{
    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        return Start(ref state)
            && first.TryParse(ref state, ref expecteds, out var a)
            && second.TryParse(ref state, ref expecteds, out var b)
            && third.TryParse(ref state, ref expecteds, out var c)
            && fourth.TryParse(ref state, ref expecteds, out var d)
            && AtEnd(ref state, ref expecteds)
            && Finish(ref state, build(a, b, c, d, Statement(ref state)), out result);
    }
}
