namespace MmDsl.Repl.Evaluation;

/// <summary>What became of one entry typed at the prompt; consumed with <c>switch</c>.</summary>
internal abstract record EvaluationResult
{
    private EvaluationResult()
    {
    }

    /// <summary>Every command of the entry ran.</summary>
    public sealed record Success : EvaluationResult;

    /// <summary>A syntax error, a runtime error or a failed expectation; the messages are printed, the session goes on.</summary>
    public sealed record Failed(int Errors) : EvaluationResult;

    /// <summary>Ctrl-C stopped the entry; <paramref name="RolledBack"/> names the command whose work was undone.</summary>
    public sealed record Cancelled(string? RolledBack) : EvaluationResult;
}
