using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using Pidgin;
using static MmDsl.Language.Parsing.Leaves;
using static Pidgin.Parser;

namespace MmDsl.Language.Parsing;

/// <summary><c>kernel</c>, <c>set</c>, <c>trace</c>, <c>full</c>, <c>reset</c>.</summary>
internal static class MachineGrammar
{
    private const long MinMthpSize = 16 << 10;
    private const long MaxMthpSize = 1 << 20;

    /// <summary>The grammar of <paramref name="command"/>, built when first asked for; null if it is not one of these.</summary>
    public static Parser<Token, Command>? Create(string command) =>
        command switch
        {
            "kernel" => Command("kernel",
                Parser<Token>.Token(t => t.Kind is TokenKind.Raw or TokenKind.String).Label(ErrorMessages.Labels.KernelVersion),
                (t, span) => IsVersion(t.Text) || BlockGrammar.IsPolicyName(t.Text)
                    ? new KernelCommand(t.Text, t.Span, span)
                    : new ProblemAt(ErrorMessages.Codes.Version, ErrorMessages.BadVersion(t.Text), t.Span)),
            "set" => Command("set", Kind(TokenKind.Raw).Label(ErrorMessages.Labels.Setting),
                ExpressionGrammar.For("set").Expr.Label(ErrorMessages.Labels.Value), BuildSet),
            "trace" => Command("trace", Kind(TokenKind.Word).Label(ErrorMessages.Alternatives(KeywordList("trace"))), (t, span) =>
                KeywordList("trace").Contains(t.Text)
                    ? new TraceCommand(t.Text == "on", span)
                    : NotAKeyword(t.Text, t.Span, ErrorMessages.Nouns.State, "trace", KeywordList("trace"))),
            "full" => Command("full", Kind(TokenKind.Word).Label(ErrorMessages.Alternatives(KeywordList("full"))), (t, span) =>
                KeywordList("full").Contains(t.Text)
                    ? new FullCommand(t.Text == "on", span)
                    : NotAKeyword(t.Text, t.Span, ErrorMessages.Nouns.State, "full", KeywordList("full"))),
            "reset" => Bare("reset", span => new ResetCommand(span)),
            _ => null,
        };

    /// <summary><c>latest</c>, or a version such as <c>5.16</c>, <c>5.10.13</c>, <c>6.1-rc3</c>, <c>v6.8</c>.</summary>
    public static bool IsVersion(string text)
    {
        if (KeywordList("kernel").Contains(text))
        {
            return true;
        }
        var s = text.AsSpan();
        if (s.StartsWith("v"))
        {
            s = s[1..];
        }
        var dash = s.IndexOf('-');
        var numbers = dash < 0 ? s : s[..dash];
        var suffix = dash < 0 ? [] : s[(dash + 1)..];
        if (dash >= 0 && (suffix.IsEmpty || !IsVersionSuffix(suffix)))
        {
            return false;
        }
        foreach (var part in numbers.ToString().Split('.'))
        {
            if (part.Length == 0 || part.Length > 9 || part.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when every character is an ASCII letter or digit, or one of <c>._+~-</c>.</summary>
    private static bool IsVersionSuffix(ReadOnlySpan<char> suffix)
    {
        foreach (var c in suffix)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '+' or '~' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    private static Checked<Command> BuildSet(Token key, Expr value, Text.Span span)
    {
        var text = key.Text;
        var info = SettingTable.Find(text, perSize: false);
        long? size = null;
        var dot = text.LastIndexOf('.');
        if (info is null && dot > 0 && SettingTable.Find(text[..dot], perSize: true) is { } sized)
        {
            var sizeText = text[(dot + 1)..];
            if (sizeText.Length == 0 || !char.IsAsciiDigit(sizeText[0])
                || NumberLiteral.Parse(sizeText, out var bytes, out var isSize) != NumberLiteral.Status.Ok
                || !isSize || bytes < MinMthpSize || bytes > MaxMthpSize || !ulong.IsPow2(bytes))
            {
                return new ProblemAt(ErrorMessages.Codes.Setting, ErrorMessages.BadSizeKey(sizeText, sized.Key), key.Span);
            }
            info = sized;
            size = (long)bytes;
        }
        if (info is null)
        {
            var keys = SettingTable.DisplayKeys.ToList();
            return new ProblemAt(ErrorMessages.Codes.Setting,
                ErrorMessages.UnknownSetting(text, keys, Nearest(text, keys)), key.Span);
        }
        if (info.Kind != SettingValueKind.Word)
        {
            return new SetCommand(info.Key, size, new ExprSetValue(value, value.Span), key.Span, span);
        }
        return value is NameExpr word && info.Words.Contains(word.Name)
            ? new SetCommand(info.Key, size, new WordSetValue(word.Name, word.Span), key.Span, span)
            : new ProblemAt(ErrorMessages.Codes.Setting, ErrorMessages.SettingWord(text, info.Words, value.Span.Text), value.Span);
    }
}
