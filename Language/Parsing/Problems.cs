using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

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
