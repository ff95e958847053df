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
            "policy" => Command("policy",
                OneOf(
                    Try(RawText("load").Then(PolicyFile)).Select(p => (Head: ((Token, Token, Token)?)null, Code: (Token?)null, Path: (PathArg?)p)),
                    Map((name, colon, version, code) => (Head: ((Token, Token, Token)?)(name, colon, version), Code: (Token?)code, Path: (PathArg?)null),
                        RawToken.Label(ErrorMessages.Labels.PolicyName),
                        RawText(":").Label("':'"),
                        RawToken.Label(ErrorMessages.Labels.KernelVersion),
                        CSharp)),
                (x, span) => x.Path is { } path ? new PolicyLoadCommand(path, span) : PolicyOf(x.Head!.Value, x.Code!.Value, span)),
            _ => null,
        };

    private static Parser<Token, Token> RawToken => Parser<Token>.Token(t => t.Kind == TokenKind.Raw);

    private static Parser<Token, Token> RawText(string text) => Parser<Token>.Token(t => t.Kind == TokenKind.Raw && t.Text == text);

    private static Parser<Token, PathArg> PolicyFile => RawToken.Label(ErrorMessages.Labels.FileName).Select(t => new PathArg(t.Text, t.Span));

    /// <summary>A policy's name is an identifier (so that <c>kernel NAME</c> tells it from a version); its base a version.</summary>
    private static Checked<Command> PolicyOf((Token Name, Token Colon, Token Version) head, Token code, Span span)
    {
        var (name, _, version) = head;
        if (!IsPolicyName(name.Text))
        {
            return new ProblemAt(ErrorMessages.Codes.Version, $"'{name.Text}' is not a policy name: letters, digits, '_' and '-', starting with a letter", name.Span);
        }
        if (!MachineGrammar.IsVersion(version.Text))
        {
            return new ProblemAt(ErrorMessages.Codes.Version, ErrorMessages.BadVersion(version.Text), version.Span);
        }
        return new PolicyCommand(name.Text, name.Span, version.Text, version.Span, (string)code.Payload!, CodeSpan(code), span);
    }

    /// <summary>A letter, then letters, digits, '_' or '-' (never a version, never <c>latest</c>).</summary>
    public static bool IsPolicyName(string text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
        && !MachineGrammar.IsVersion(text);

    /// <summary>The text between the braces of a C# block.</summary>
    public static Span CodeSpan(in Token block) => new(block.Source, block.Start + 1, Math.Max(0, block.Length - 2));

    public static ImmutableArray<Command> BodyOf(in Token block) => ((BlockBody)block.Payload!).Commands;
}
