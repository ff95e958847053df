using MmDsl.Language.Text;

namespace MmDsl.Snippets;

/// <summary>How a snippet ended: a closed set, consumed with <c>switch</c>, with positions already in the script.</summary>
internal abstract record SnippetResult
{
    /// <summary>It ran to the end; <see cref="HasValue"/> when the code ends in an expression whose value is <see cref="Value"/>.</summary>
    public sealed record Completed(object? Value, bool HasValue) : SnippetResult;

    /// <summary>It did not compile: the compiler's errors, at their place in the script.</summary>
    public sealed record CompileFailed(IReadOnlyList<Diagnostic> Errors) : SnippetResult;

    /// <summary>It threw <see cref="Exception"/> at <see cref="Where"/> (the snippet line running when it did).</summary>
    public sealed record Threw(Exception Exception, Span Where) : SnippetResult;

    /// <summary>Ctrl-C stopped it at <see cref="Where"/>.</summary>
    public sealed record Cancelled(Span Where) : SnippetResult;
}
