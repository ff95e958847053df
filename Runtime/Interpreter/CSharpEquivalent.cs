using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Interpreter;

/// <summary>The C# that computes what a query or <c>show</c> prints, through the snippet API.</summary>
internal static class CSharpEquivalent
{
    public static string ForPrint(PrintCommand c, Session session) =>
        throw new RuntimeError(c.Span, "--csharp needs the C# snippet API, which this build does not have yet");

    public static string ForShow(ShowCommand c, Session session) =>
        throw new RuntimeError(c.Span, "--csharp needs the C# snippet API, which this build does not have yet");
}
