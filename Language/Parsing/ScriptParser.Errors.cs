using System.Text;
using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using Pidgin;

namespace MmDsl.Language.Parsing;

internal static partial class ScriptParser
{
    /// <summary>Turns a failed parse of <paramref name="statement"/> into a message in the users' words.</summary>
    private static Diagnostic Describe(ParseError<Token> error, ReadOnlySpan<Token> statement, ParseContext context)
    {
        if (error.Message == ParseContext.ProblemMessage && context.Problem is { } problem)
        {
            return problem switch
            {
                ProblemAt at => new Diagnostic(Severity.Error, at.Code, at.Span, at.Message),
                MissingProblem missing => Missing(missing.Expected, missing.After, statement, ErrorMessages.Codes.Operands),
                _ => throw new InvalidOperationException(problem.ToString()),
            };
        }
        var labels = new List<string>();
        var endAllowed = false;
        foreach (var expected in error.Expected)
        {
            endAllowed |= expected.IsEof;
            if (expected.Label is { } label && !labels.Contains(label))
            {
                labels.Add(label);
            }
        }
        var what = ErrorMessages.Alternatives(labels);
        if (!error.Unexpected.HasValue)
        {
            return Missing(what, statement[^1].End, statement, ErrorMessages.Codes.Syntax);
        }
        var token = error.Unexpected.Value;
        var index = IndexAt(statement, token.Start);
        if (Explain(statement, index) is { } explained)
        {
            return explained;
        }
        var message = labels.Count == 0 || endAllowed
            ? ErrorMessages.UnexpectedAfter(Display(token), Prefix(statement, index))
            : ErrorMessages.ExpectedAfterFound(what, Prefix(statement, index), Display(token));
        return new Diagnostic(Severity.Error, ErrorMessages.Codes.Syntax, Focus(token), message);
    }

    /// <summary><c>expected X after 'prefix'</c>, naming the token that came instead if there is one.</summary>
    private static Diagnostic Missing(string what, int after, ReadOnlySpan<Token> statement, string code)
    {
        var index = IndexAt(statement, after);
        if (index < statement.Length)
        {
            var found = statement[index];
            return new Diagnostic(Severity.Error, code, Focus(found),
                ErrorMessages.ExpectedAfterFound(what, Prefix(statement, index), Display(found)));
        }
        return new Diagnostic(Severity.Error, code, new Span(statement[0].Source, after, 0),
            ErrorMessages.ExpectedAfter(what, Prefix(statement, index)));
    }

    /// <summary>Explains an unexpected token that is a keyword where a name was meant, or an option.</summary>
    private static Diagnostic? Explain(ReadOnlySpan<Token> statement, int index)
    {
        if (index <= 0 || index >= statement.Length || Vocabulary.Command(statement[0].Id) is not { } command)
        {
            return null;
        }
        var token = statement[index];
        if (token.Kind == TokenKind.Option && command.Name is not ("show" or "print"))
        {
            return new Diagnostic(Severity.Error, ErrorMessages.Codes.Syntax, token.Span, ErrorMessages.NoOptions(command.Name));
        }
        if (!TakesNames(command))
        {
            return null;
        }
        var problem = token.Kind == TokenKind.Word ? Leaves.NotAName(token, command.Name) ?? Misspelt(token, command) : null;
        var previous = statement[index - 1];
        if (problem is null && index >= 2 && StartsExpression(token) && !WordSet.Reserved.Contains(previous))
        {
            problem = Leaves.NotAName(previous, command.Name);
        }
        return problem is ProblemAt at ? new Diagnostic(Severity.Error, at.Code, at.Span, at.Message) : null;
    }

    /// <summary><c>'longtem' is not a keyword of pin (did you mean 'longterm'?)</c>: a word where only a keyword can be, close to one.</summary>
    private static ProblemAt? Misspelt(in Token token, CommandInfo command) =>
        Leaves.Nearest(token.Text, command.Keywords) is { } nearest
            ? new ProblemAt(ErrorMessages.Codes.Keyword,
                ErrorMessages.NotAKeyword(token.Text, ErrorMessages.Nouns.Keyword, command.Name, command.Keywords, nearest), token.Span)
            : null;

    private static bool TakesNames(CommandInfo command) =>
        command.Name == "show" || command.FirstOperand is OperandKind.OptionalProcess or OperandKind.NewName
            or OperandKind.Process or OperandKind.Expression;

    private static bool StartsExpression(in Token t) =>
        t.Kind is TokenKind.Word or TokenKind.Number or TokenKind.Size or TokenKind.LParen or TokenKind.Minus;

    /// <summary>The index of the first token at or after character <paramref name="offset"/>.</summary>
    private static int IndexAt(ReadOnlySpan<Token> statement, int offset)
    {
        var i = 0;
        while (i < statement.Length && statement[i].Start < offset)
        {
            i++;
        }
        return i;
    }

    /// <summary>The statement's first <paramref name="count"/> tokens as written, with blocks shown as <c>{ ... }</c>.</summary>
    private static string Prefix(ReadOnlySpan<Token> statement, int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count && i < statement.Length; i++)
        {
            if (i > 0 && statement[i].Start > statement[i - 1].End)
            {
                sb.Append(' ');
            }
            var t = statement[i];
            if (t.Kind is TokenKind.Block or TokenKind.CSharp)
            {
                sb.Append(ErrorMessages.ElidedBlock);
            }
            else
            {
                sb.Append(t.Source.Text, t.Start, t.Length);
            }
        }
        return sb.ToString();
    }
}
