using MmDsl.Language.Text;
using Pidgin;
using Pidgin.Configuration;

namespace MmDsl.Language.Parsing;

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
