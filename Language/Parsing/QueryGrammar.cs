using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
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
                FailsOn.Opt(),
                (x, fails, span) =>
                {
                    StatedFailure? stated = null;
                    if (fails.HasValue)
                    {
                        var (tokens, at) = fails.Value;
                        var ranges = ImmutableArray.CreateBuilder<VersionRange>();
                        foreach (var t in tokens)
                        {
                            if (VersionRangeOf(t) is not { } range)
                            {
                                return new ProblemAt(ErrorMessages.Codes.Version, ErrorMessages.BadVersionRange(t.Text), t.Span);
                            }
                            ranges.Add(range);
                        }
                        stated = new StatedFailure(ranges.ToImmutable(), at);
                    }
                    return x.CSharp is { } code
                        ? new CSharpExpectCommand((string)code.Payload!, BlockGrammar.CodeSpan(code), span) { FailsOn = stated }
                        : new ExpectCommand(x.Condition!, span) { FailsOn = stated };
                }),
            _ => null,
        };

    /// <summary><c>fails on VERSIONS</c>: the lexer reads every word after <c>fails on</c> as raw text.</summary>
    private static Parser<Token, (IEnumerable<Token> Versions, Span Span)> FailsOn =>
        Map((fails, versions) => (versions, new Span(fails.Span.Source, fails.Span.Start, versions.Last().Span.End - fails.Span.Start)),
            Word("fails").Before(Parser<Token>.Token(t => t.Kind == TokenKind.Raw && t.Text == "on").Label(ErrorMessages.Labels.FailsOn)),
            Kind(TokenKind.Raw).Label(ErrorMessages.Labels.FailsOn).AtLeastOnce().Select(t => (IEnumerable<Token>)t.ToList()));

    /// <summary>A range of <c>fails on</c>, or null when the word is not one.</summary>
    private static VersionRange? VersionRangeOf(Token token) => VersionRanges.Parse(token.Text, token.Span);
}
