namespace MmDsl.Language.Parsing;

internal static partial class SyntaxClassifier
{
    /// <summary>The C# keywords, for highlighting snippets (the only word list not from the tables).</summary>
    private static readonly HashSet<string> CSharpKeywords =
    [
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "checked",
        "class", "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
        "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit",
        "in", "int", "interface", "internal", "is", "lock", "long", "nameof", "namespace", "new", "not", "null",
        "object", "operator", "or", "and", "out", "override", "params", "private", "protected", "public",
        "readonly", "record", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static",
        "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked",
        "unsafe", "ushort", "using", "var", "virtual", "void", "volatile", "when", "where", "while", "with",
        "yield", "init", "required", "get", "set", "value", "let", "from", "select", "orderby", "group", "by",
        "into", "join", "on", "equals", "ascending", "descending", "global", "dynamic", "nint", "nuint",
    ];

    /// <summary>A C# block: its braces, then strings, comments, keywords and other code inside.</summary>
    private static void CSharp(List<ClassifiedSpan> spans, string text, in Token token)
    {
        spans.Add(new ClassifiedSpan(token.Start, 1, Classification.Operator));
        var closed = !token.Unterminated;
        var end = closed ? token.End - 1 : token.End;
        var parts = new List<(int Start, int Length, CSharpPart Part)>();
        CSharpScanner.FindClose(text, token.Start, parts);
        var position = token.Start + 1;
        foreach (var (start, length, part) in parts)
        {
            var from = Math.Max(start, position);
            var to = Math.Min(start + length, end);
            if (to <= from)
            {
                continue;
            }
            Code(spans, text, position, from);
            spans.Add(new ClassifiedSpan(from, to - from,
                part == CSharpPart.String ? Classification.CSharpString : Classification.CSharpComment));
            position = to;
        }
        Code(spans, text, position, end);
        if (closed)
        {
            spans.Add(new ClassifiedSpan(end, 1, Classification.Operator));
        }
    }

    /// <summary>Plain C# code between strings and comments: keywords apart, other runs as code.</summary>
    private static void Code(List<ClassifiedSpan> spans, string text, int start, int end)
    {
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var from = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                var word = text.AsSpan(from, i - from);
                var keyword = CSharpKeywords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
                spans.Add(new ClassifiedSpan(from, i - from, keyword ? Classification.CSharpKeyword : Classification.CSharp));
                continue;
            }
            while (i < end && !char.IsWhiteSpace(text[i]) && !char.IsLetter(text[i]) && text[i] != '_')
            {
                i++;
            }
            spans.Add(new ClassifiedSpan(from, i - from, Classification.CSharp));
        }
    }
}
