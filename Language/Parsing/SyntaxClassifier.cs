using MmDsl.Language.Commands;
using MmDsl.Language.Text;

namespace MmDsl.Language.Parsing;

/// <summary>
/// Classifies script text for the REPL's highlighting: commands, keywords, names, numbers, C#
/// blocks. Works on any text, complete or not, valid or not, and never throws. The words come
/// from the command, query and setting tables.
/// </summary>
internal static partial class SyntaxClassifier
{
    /// <summary>
    /// The classified spans of <paramref name="text"/>, in order and without overlap; blanks are
    /// left out. <paramref name="nameKind"/> says what a name is when the REPL knows it.
    /// </summary>
    public static IReadOnlyList<ClassifiedSpan> Classify(string text, Func<string, NameKind>? nameKind = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Lexer.Lex(new SourceText(string.Empty, text), null, keepComments: true);
        var spans = new List<ClassifiedSpan>(tokens.Count);
        var context = new Stack<CommandInfo?>();
        CommandInfo? command = null;
        var position = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Newline or TokenKind.Semicolon:
                    if (token.Kind == TokenKind.Semicolon)
                    {
                        Add(spans, token, Classification.Operator);
                    }
                    (command, position) = (null, 0);
                    continue;
                case TokenKind.Comment:
                    Add(spans, token, Classification.Comment);
                    continue;
                case TokenKind.LBrace:
                    Add(spans, token, Classification.Operator);
                    context.Push(command);
                    (command, position) = (null, 0);
                    continue;
                case TokenKind.RBrace:
                    Add(spans, token, Classification.Operator);
                    command = context.Count > 0 ? context.Pop() : null;
                    position = 1;
                    continue;
                case TokenKind.CSharp:
                    CSharp(spans, text, token);
                    break;
                case TokenKind.Word when position == 0:
                    command = Vocabulary.Command(token.Id);
                    Add(spans, token, command is null ? Classification.Error : Classification.Command);
                    break;
                case TokenKind.Word:
                    Add(spans, token, Word(tokens, i, command, position, nameKind));
                    break;
                case TokenKind.Raw:
                    Add(spans, token, Raw(token, command));
                    break;
                default:
                    Add(spans, token, Simple(token.Kind));
                    break;
            }
            position++;
        }
        return spans;
    }

    private static Classification Simple(TokenKind kind) => kind switch
    {
        TokenKind.Number => Classification.Number,
        TokenKind.Size => Classification.Size,
        TokenKind.Handle => Classification.Handle,
        TokenKind.String => Classification.String,
        TokenKind.Option => Classification.Keyword,
        TokenKind.Error => Classification.Error,
        _ => Classification.Operator,
    };

    /// <summary>A word after the command word: a keyword, a query, a name being defined, or a name in use.</summary>
    private static Classification Word(List<Token> tokens, int index, CommandInfo? command, int position, Func<string, NameKind>? nameKind)
    {
        var token = tokens[index];
        var word = token.Text;
        var next = NextSignificant(tokens, index);
        if (next is { Kind: TokenKind.LParen })
        {
            return QueryTable.Find(word) is null ? Classification.Error : Classification.Function;
        }
        if (OperatorParser.IsOperatorWord(token.Id))
        {
            return Classification.Operator;
        }
        if (Keywords.Reserved.Contains(word) || (command is not null && command.Keywords.Contains(word)) || IsSettingWord(command, word))
        {
            return Classification.Keyword;
        }
        switch (command?.Name)
        {
            case "proc" or "use" or "fork" or "exit":
                return Classification.Process;
            case "mmap" when position == 1 && next is { } n && StartsOperand(n):
                return Classification.Mapping;
            case "let" or "for" when position == 1:
                return Classification.Name;
        }
        return (nameKind?.Invoke(word) ?? NameKind.Unknown) switch
        {
            NameKind.Process => Classification.Process,
            NameKind.Mapping => Classification.Mapping,
            _ => Classification.Name,
        };
    }

    /// <summary>A path, a version, a setting key or a help topic.</summary>
    private static Classification Raw(in Token token, CommandInfo? command) => command?.Name switch
    {
        "kernel" => command.Keywords.Contains(token.Text) ? Classification.Keyword : Classification.Number,
        "set" => IsSettingKey(token.Text) ? Classification.Keyword : Classification.Error,
        "help" => CommandTable.IsCommand(token.Text) ? Classification.Command : Classification.String,
        _ => Classification.String,
    };

    private static bool IsSettingWord(CommandInfo? command, string word) =>
        command?.Name == "set" && SettingTable.All.Any(s => s.Words.Contains(word));

    private static bool IsSettingKey(string key)
    {
        if (SettingTable.Find(key, perSize: false) is not null)
        {
            return true;
        }
        var dot = key.LastIndexOf('.');
        return dot > 0 && SettingTable.Find(key[..dot], perSize: true) is not null;
    }

    private static bool StartsOperand(in Token t) =>
        t.Kind is TokenKind.Word or TokenKind.Number or TokenKind.Size or TokenKind.LParen or TokenKind.Minus;

    private static Token? NextSignificant(List<Token> tokens, int index)
    {
        for (var i = index + 1; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != TokenKind.Comment)
            {
                return tokens[i];
            }
        }
        return null;
    }

    private static void Add(List<ClassifiedSpan> spans, in Token token, Classification kind)
    {
        if (token.Length > 0)
        {
            spans.Add(new ClassifiedSpan(token.Start, token.Length, kind));
        }
    }
}
