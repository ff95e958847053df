using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary>A command that cannot run: an unknown name, a missing operand, a capability the engine lacks.</summary>
internal sealed class RuntimeError : Exception
{
    public RuntimeError(Span span, string message)
        : base(message)
    {
        Span = span;
    }

    public Span Span { get; }

    public Diagnostic ToDiagnostic() => new(Severity.Error, "MM2000", Span, Message);
}
