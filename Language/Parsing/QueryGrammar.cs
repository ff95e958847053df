using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>print</c>, <c>let</c>, <c>expect</c> (with a condition or a C# block).</summary>
internal static class QueryGrammar
{
    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "print" => Command("print", ExpressionGrammar.For("print").Expr.Label(ErrorMessages.Labels.Expression), CSharpOption,
                (value, csharp, span) => new PrintCommand(value, csharp, span)),
            "let" => Command("let", Ident("let", ErrorMessages.Labels.Name),
                Kind(TokenKind.Assign).Label(ErrorMessages.Labels.EqualsSign).Then(ExpressionGrammar.For("let").Expr.Label(ErrorMessages.Labels.Value)),
                (name, value, span) => new LetCommand(name, value, span)),
            "expect" => Command("expect",
                new PredictiveParser<(Token? CSharp, Expr? Condition)>(t => t.Kind == TokenKind.CSharp ? 0 : 1, 1,
                    CSharp.Select(t => (CSharp: (Token?)t, Condition: (Expr?)null)),
                    ExpressionGrammar.For("expect").Expr.Label(ErrorMessages.Labels.Condition).Select(e => (CSharp: (Token?)null, Condition: (Expr?)e))),
                (x, span) => x.CSharp is { } code
                    ? new CSharpExpectCommand((string)code.Payload!, BlockGrammar.CodeSpan(code), span)
                    : new ExpectCommand(x.Condition!, span)),
            _ => null,
        };
}
