using System.Collections.Immutable;
using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using Pidgin;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary>
/// The tokens of the grammar, each defined once and labelled in the users' words. Each is built
/// when a command's grammar first asks for it: a script pays only for the leaves its commands use.
/// </summary>
internal static class Leaves
{
    public static Parser<Token, HandleRef> Handle => field ??=
        Kind(TokenKind.Handle).Select(t => new HandleRef((int)t.Value, t.Span)).Label(ErrorMessages.Labels.Handle);

    public static Parser<Token, PathArg> FilePath => field ??=
        Parser<Token>.Token(t => t.Kind is TokenKind.Raw or TokenKind.String).Select(t => new PathArg(t.Text, t.Span)).Label(ErrorMessages.Labels.FileName);

    public static Parser<Token, Token> Block => field ??= Kind(TokenKind.Block).Label(ErrorMessages.Labels.Block);

    public static Parser<Token, Token> CSharp => field ??= Kind(TokenKind.CSharp).Label(ErrorMessages.Labels.CSharpBlock);

    /// <summary><c>--csharp</c> after <c>show</c> and <c>print</c>.</summary>
    public static Parser<Token, bool> CSharpOption => field ??=
        Kind(TokenKind.Option).Check(t => t.Chars is "--csharp"
            ? true
            : new Checked<bool>(false, new ProblemAt(ErrorMessages.Codes.Syntax, ErrorMessages.UnknownOption(t.Text), t.Span)))
        .Opt().Select(m => m.HasValue);

    /// <summary><c>--csharp</c> or <c>--dot</c> after <c>show</c>: the option given, or none.</summary>
    public static Parser<Token, ShowOption> ShowOption => field ??=
        Kind(TokenKind.Option).Check(t => t.Chars switch
        {
            "--csharp" => Syntax.ShowOption.CSharp,
            "--dot" => Syntax.ShowOption.Dot,
            _ => new Checked<ShowOption>(Syntax.ShowOption.None, new ProblemAt(ErrorMessages.Codes.Syntax, ErrorMessages.UnknownShowOption(t.Text), t.Span)),
        })
        .Opt().Select(m => m.HasValue ? m.Value : Syntax.ShowOption.None);

    public static Parser<Token, Token> Kind(TokenKind kind) => Parser<Token>.Token(t => t.Kind == kind);

    public static Parser<Token, Token> Word(string word)
    {
        var id = Vocabulary.Id(word);
        return Parser<Token>.Token(t => t.IsWord(id));
    }

    /// <summary>Names what the parser reads, for messages (see <see cref="LabelParser{T}"/>).</summary>
    public static Parser<Token, T> Label<T>(this Parser<Token, T> parser, string label) => new LabelParser<T>(parser, label);

    public static Parser<Token, Maybe<T>> Opt<T>(this Parser<Token, T> parser) => new OptionalParser<T>(parser);

    public static Parser<Token, ImmutableArray<T>> Repeated<T>(this Parser<Token, T> parser) => new ManyParser<T>(parser);

    public static Parser<Token, ImmutableArray<T>> SeparatedBy<T>(this Parser<Token, T> parser, Parser<Token, Token> separator) =>
        new SeparatedParser<T>(parser, separator);

    public static Parser<Token, U> Check<T, U>(this Parser<Token, T> parser, Func<T, Checked<U>> check) =>
        new CheckParser<T, U>(parser, check);

    public static Parser<Token, T> Reject<T>(Func<Token, Problem?> explain) => new RejectParser<T>(explain);

    /// <summary>
    /// A whole command: its word, its parts, then the end of the statement; <paramref name="build"/>
    /// gets the parts and the span from the command word to the last token.
    /// </summary>
    public static Parser<Token, Command> Command<T1>(string word, Parser<Token, T1> first, Func<T1, Span, Checked<Command>> build) =>
        new CommandParser<T1>(Vocabulary.Id(word), first, build);

    /// <inheritdoc cref="Command{T1}"/>
    public static Parser<Token, Command> Command<T1, T2>(
        string word, Parser<Token, T1> first, Parser<Token, T2> second, Func<T1, T2, Span, Checked<Command>> build) =>
        new CommandParser<T1, T2>(Vocabulary.Id(word), first, second, build);

    /// <inheritdoc cref="Command{T1}"/>
    public static Parser<Token, Command> Command<T1, T2, T3>(
        string word, Parser<Token, T1> first, Parser<Token, T2> second, Parser<Token, T3> third,
        Func<T1, T2, T3, Span, Checked<Command>> build) =>
        new CommandParser<T1, T2, T3>(Vocabulary.Id(word), first, second, third, build);

    /// <inheritdoc cref="Command{T1}"/>
    public static Parser<Token, Command> Command<T1, T2, T3, T4>(
        string word, Parser<Token, T1> first, Parser<Token, T2> second, Parser<Token, T3> third, Parser<Token, T4> fourth,
        Func<T1, T2, T3, T4, Span, Checked<Command>> build) =>
        new CommandParser<T1, T2, T3, T4>(Vocabulary.Id(word), first, second, third, fourth, build);

    /// <summary>A command that is just its word.</summary>
    public static Parser<Token, Command> Bare(string word, Func<Span, Command> build) =>
        new CommandParser(Vocabulary.Id(word), span => build(span));

    /// <summary>
    /// A new name in command <paramref name="command"/> (a process, a mapping, a variable): any word
    /// but the reserved ones and the command's own keywords, which are explained.
    /// </summary>
    public static Parser<Token, Ident> Ident(string command, string label)
    {
        var keywords = KeywordsOf(command);
        return Parser<Token>.Token(t => t.Kind == TokenKind.Word && !keywords.Contains(t.Id) && !WordSet.Reserved.Contains(t.Id))
            .Select(t => new Ident(t.Text, t.Span))
            .Label(label)
            .Or(Reject<Ident>(t => NotAName(t, command)));
    }

    /// <summary>Why a word cannot be a name in <paramref name="command"/>, or null if it can.</summary>
    public static Problem? NotAName(in Token t, string command)
    {
        if (WordSet.Reserved.Contains(t))
        {
            return new ProblemAt(ErrorMessages.Codes.Keyword, ErrorMessages.ReservedAsName(t.Text), t.Span);
        }
        return KeywordsOf(command).Contains(t)
            ? new ProblemAt(ErrorMessages.Codes.Keyword, ErrorMessages.KeywordAsName(t.Text, command), t.Span)
            : null;
    }

    /// <summary>A keyword operand whose words and values come from one of the <see cref="Keywords"/> tables.</summary>
    public static Parser<Token, Keyword<T>> KeywordOf<T>(KeywordTable<T> table)
        where T : struct, Enum
    {
        var words = new WordSet(table.Words);
        var byId = new T[Vocabulary.Count];
        for (var i = 0; i < table.Count; i++)
        {
            byId[Vocabulary.Id(table.Words[i])] = table.ValueAt(i);
        }
        return Parser<Token>.Token(t => words.Contains(t))
            .Select(t => new Keyword<T>(byId[t.Id], t.Span));
    }

    /// <summary>The keywords of a command, as the command table lists them.</summary>
    public static WordSet KeywordsOf(string command) => KeywordSets.Of(command);

    /// <summary>The keyword words of a command, in the table's order.</summary>
    public static ImmutableArray<string> KeywordList(string command) =>
        CommandTable.Find(command)?.Keywords ?? [];

    /// <summary>The closest of <paramref name="candidates"/> to <paramref name="word"/>, if close enough to suggest.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates) =>
        candidates.Select(c => (Word: c, Distance: EditDistance.Of(word, c)))
            .Where(x => x.Distance <= 2 && x.Distance < Math.Max(2, word.Length))
            .OrderBy(x => x.Distance)
            .Select(x => x.Word)
            .FirstOrDefault();

    /// <summary><c>'ro' is not an advice of madvise; expected one of ...</c>, at <paramref name="span"/>.</summary>
    public static ProblemAt NotAKeyword(string word, Span span, string noun, string command, IReadOnlyList<string> valid) =>
        new(ErrorMessages.Codes.Keyword, ErrorMessages.NotAKeyword(word, noun, command, valid, Nearest(word, valid)), span);

    private static class KeywordSets
    {
        private static readonly Dictionary<string, WordSet> Sets =
            CommandTable.All.ToDictionary(c => c.Name, c => new WordSet(c.Keywords));

        public static WordSet Of(string command) => Sets[command];
    }
}
