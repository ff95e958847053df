using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Language.Parsing;

/// <summary>
/// What parsing a script gave: the commands that parsed, and a diagnostic for each problem.
/// A script with errors still holds the commands that parsed.
/// </summary>
internal sealed record ParseResult(Script Script, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool Success => !Diagnostics.Any(d => d.Severity == Severity.Error);
}
