namespace MmDsl.Language.Parsing;

/// <summary>What a stretch of script text is, for highlighting.</summary>
internal enum Classification
{
    Command,
    Keyword,
    Process,
    Mapping,
    Name,
    Number,
    Size,
    Operator,
    Comment,
    String,
    Handle,
    Function,
    CSharp,
    CSharpKeyword,
    CSharpString,
    CSharpComment,
    Error,
}

/// <summary>What the REPL knows a name to be.</summary>
internal enum NameKind
{
    Unknown,
    Process,
    Mapping,
    Variable,
}

/// <summary>A classified stretch of text: <paramref name="Length"/> characters from <paramref name="Start"/>.</summary>
internal readonly record struct ClassifiedSpan(int Start, int Length, Classification Kind)
{
    public int End => Start + Length;
}
