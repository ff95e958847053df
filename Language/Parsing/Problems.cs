using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;
using Pidgin.Configuration;

namespace MmDsl.Language.Parsing;

/// <summary>Why a command that the grammar accepted cannot be used.</summary>
internal abstract record Problem;

/// <summary>A problem with a message of its own, at a place.</summary>
internal sealed record ProblemAt(string Code, string Message, Span Span) : Problem;

/// <summary>Something the command needs is missing after <paramref name="After"/> (a character offset).</summary>
internal sealed record MissingProblem(string Expected, int After) : Problem;

/// <summary>A value, or the problem that prevents it.</summary>
internal readonly record struct Checked<T>(T? Value, Problem? Problem)
{
    public static implicit operator Checked<T>(T value) => new(value, null);

    public static implicit operator Checked<T>(Problem problem) => new(default, problem);

    /// <summary>The command built from the value and <paramref name="state"/>, or this problem.</summary>
    public Checked<Command> Then<TState>(TState state, Func<T, TState, Checked<Command>> build) =>
        Problem is { } problem ? problem : build(Value!, state);
}

/// <summary>
/// The Pidgin configuration of one parse, which also carries the problem a custom parser
/// failed with (Pidgin errors hold a message but no span of ours).
/// </summary>
internal sealed class ParseContext : IConfiguration<Token>
{
    /// <summary>The message of every failure that left its problem in <see cref="Problem"/>.</summary>
    public const string ProblemMessage = "(problem)";

    public Func<Token, SourcePosDelta> SourcePosCalculator => DefaultConfiguration<Token>.Instance.SourcePosCalculator;

    public IArrayPoolProvider ArrayPoolProvider => DefaultConfiguration<Token>.Instance.ArrayPoolProvider;

    public Problem? Problem { get; set; }

    /// <summary>The statement being parsed, from its first token to its last.</summary>
    public Span Statement { get; set; }

    /// <summary>True while a failed statement is parsed again to explain what was expected.</summary>
    public bool Explaining { get; set; }

    /// <summary>Fails the parse at the current position with <paramref name="problem"/>.</summary>
    public static bool Fail(ref ParseState<Token> state, Problem problem)
    {
        if (state.Configuration is ParseContext context)
        {
            context.Problem = problem;
        }
        state.SetError(Maybe.Nothing<Token>(), false, state.Location, ProblemMessage);
        return false;
    }
}

/// <summary>
/// A whole command: its parts, then the end of the statement; the command is built from the
/// parts and the statement's span (a command is the whole statement), or fails with a problem.
/// </summary>
internal sealed class CommandParser<T>(Parser<Token, T> parts, Func<T, Span, Checked<Command>> build) : Parser<Token, Command>
{
    private static readonly Parser<Token, Unit> End = Parser<Token>.End;

    public override bool TryParse(ref ParseState<Token> state, ref PooledList<Expected<Token>> expecteds, out Command result)
    {
        result = null!;
        if (!parts.TryParse(ref state, ref expecteds, out var value) || !End.TryParse(ref state, ref expecteds, out _))
        {
            return false;
        }
        var outcome = build(value, ((ParseContext)state.Configuration).Statement);
        if (outcome.Problem is { } problem)
        {
            return ParseContext.Fail(ref state, problem);
        }
        result = outcome.Value!;
        return true;
    }
}

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
