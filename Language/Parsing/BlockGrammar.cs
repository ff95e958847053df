using System.Collections.Immutable;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary>The commands of a <c>{ ... }</c> block, parsed before the command that holds them.</summary>
internal sealed record BlockBody(ImmutableArray<Command> Commands);

/// <summary><c>for</c>, <c>include</c>, <c>cs</c>.</summary>
internal static class BlockGrammar
{
    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "for" => Command("for",
                Ident("for", ErrorMessages.Labels.LoopVariable),
                Word("in").Label(ErrorMessages.Labels.In).Then(ExpressionGrammar.For("for").Expr.Label(ErrorMessages.Labels.RangeStart)),
                Kind(TokenKind.DotDot).Label(ErrorMessages.Labels.DotDot).Then(ExpressionGrammar.For("for").Expr.Label(ErrorMessages.Labels.RangeEnd)),
                Block,
                (variable, from, to, block, span) => new ForCommand(variable, from, to, BodyOf(block), span)),
            "include" => Command("include", FilePath, (path, span) => new IncludeCommand(path, span)),
            "cs" => Command("cs",
                OneOf(
                    CSharp.Select(t => (Code: (Token?)t, Path: (PathArg?)null)),
                    Word("load").Label(ErrorMessages.Labels.Load).Then(FilePath).Select(p => (Code: (Token?)null, Path: (PathArg?)p))),
                (x, span) => x.Code is { } code
                    ? new CSharpCommand((string)code.Payload!, CodeSpan(code), span)
                    : new CSharpLoadCommand(x.Path!, span)),
            _ => null,
        };

    /// <summary>The text between the braces of a C# block.</summary>
    public static Span CodeSpan(in Token block) => new(block.Source, block.Start + 1, Math.Max(0, block.Length - 2));

    public static ImmutableArray<Command> BodyOf(in Token block) => ((BlockBody)block.Payload!).Commands;
}
