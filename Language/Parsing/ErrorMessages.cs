using System.Globalization;
using MmDsl.Language.Text;

namespace MmDsl.Language.Parsing;

/// <summary>
/// Every message the parser can give, in one place, so that they read alike and a test table
/// pins each one down. Messages use the users' words: commands, operands, keywords as written.
/// </summary>
internal static class ErrorMessages
{
    /// <summary>Diagnostic codes: MM1xx lexical, MM2xx syntax, MM3xx meaning.</summary>
    public static class Codes
    {
        public const string BadCharacter = "MM101";
        public const string BadNumber = "MM102";
        public const string UnterminatedString = "MM103";
        public const string UnterminatedBlock = "MM104";
        public const string UnmatchedBrace = "MM105";
        public const string TooDeep = "MM106";
        public const string Syntax = "MM201";
        public const string UnknownCommand = "MM202";
        public const string Operands = "MM203";
        public const string Keyword = "MM204";
        public const string Function = "MM301";
        public const string Handle = "MM302";
        public const string Setting = "MM303";
        public const string Version = "MM304";
        public const string Internal = "MM999";
    }

    /// <summary>What the grammar expects at a place, as messages name it: <c>expected {label} after ...</c>.</summary>
    public static class Labels
    {
        public const string Address = "an address";
        public const string Size = "a size";
        public const string OldSize = "the old size";
        public const string NewSize = "the new size";
        public const string Value = "a value";
        public const string Expression = "an expression";
        public const string Argument = "an argument";
        public const string Condition = "a condition";
        public const string ProcessName = "a process name";
        public const string MappingName = "a name for the mapping";
        public const string Name = "a name";
        public const string LoopVariable = "a loop variable";
        public const string RangeStart = "the start of the range";
        public const string RangeEnd = "the end of the range";
        public const string Advice = "an advice";
        public const string Handle = "a handle such as #1";
        public const string FileName = "a file name";
        public const string MemfdName = "a memfd name";
        public const string Offset = "an offset";
        public const string Block = "a block { ... }";
        public const string CSharpBlock = "a C# block { ... }";
        public const string KernelVersion = "a kernel version such as 6.18";

        public const string PolicyName = "a policy name";
        public const string FailsOn = "'on' and kernel versions (fails on 5.9-5.17 6.15+)";
        public const string Setting = "a setting";
        public const string Comma = "','";
        public const string CloseParen = "')'";
        public const string EqualsSign = "'='";
        public const string In = "'in'";
        public const string DotDot = "'..'";
        public const string Load = "'load'";
    }

    /// <summary>What a keyword is to its command: <c>'ro' is not {an advice} of madvise</c>.</summary>
    public static class Nouns
    {
        public const string Flag = "a flag";
        public const string Protection = "a protection";
        public const string Advice = "an advice";
        public const string Kind = "a kind";
        public const string State = "a state";
        public const string Keyword = "a keyword";
    }

    /// <summary>Synopses the command table does not spell out: query arguments and the forms of show.</summary>
    public static class Synopses
    {
        public const string ProcessAddressQuery = "(P, ADDR) or (ADDR)";
        public const string ProcessQuery = "(P) or ()";
        public const string CounterQuery = "(NAME)";
        public const string HandleQuery = "(#N) or (#N, OFFSET)";
        public const string NoOperands = "no operands";
        public const string ShowProcess = "[P]";
        public const string ShowPtes = "[P] [ADDR [SIZE]]";
        public const string ShowFolio = "[P] ADDR";
    }

    /// <summary>How a block is shown when a message quotes the command that holds it.</summary>
    public const string ElidedBlock = "{ ... }";

    // ---- Lexical ----------------------------------------------------------------------------

    public const string UnexpectedCharactersFormat = "unexpected '{0}'";
    public const string NumberTooLargeFormat = "'{0}' does not fit in 64 bits";
    public const string MalformedNumberFormat =
        "'{0}' is not a number: write 4096, 0x1000 or a size such as 4K, 2M, 1GiB";
    public const string HandleTooLargeFormat = "'{0}' is not a handle: the number is too large";
    public const string UnterminatedString = "unterminated string: the closing '\"' is missing";
    public const string UnterminatedBlockFormat = "unterminated block: '{{' opened at {0}:{1} is never closed";
    public const string UnmatchedBrace = "'}' without a matching '{'";
    public const string TooDeep = "nested too deeply";
    public const string UndoInBlock = "undo cannot run inside a block: it steps back whole commands, so use it after the block";
    public const string TooManyOperators = "too many operators in one statement (at most 1000): split the expression with let";

    // ---- Syntax -----------------------------------------------------------------------------

    public const string ExpectedAfterFormat = "expected {0} after '{1}'";
    public const string ExpectedAfterFoundFormat = "expected {0} after '{1}', found '{2}'";
    public const string UnexpectedAfterFormat = "unexpected '{0}' after '{1}'";
    public const string ExpectedCommandFormat = "expected a command, found '{0}'";
    public const string UnknownCommandFormat = "unknown command '{0}'";
    public const string UnknownCommandHint = "; type 'help' for the list of commands";
    public const string DidYouMeanFormat = " (did you mean '{0}'?)";
    public const string TooManyOperandsFormat = "too many operands: {0} takes {1}";
    public const string ExpectedFirstFormat = "expected {0}, found '{1}': {2} takes {3}";
    public const string NotAKeywordFormat = "'{0}' is not {1} of {2}";
    public const string ExpectedOneOfFormat = "; expected one of {0}";
    public const string KeywordAsNameFormat = "'{0}' is a keyword of {1} and cannot be used as a name";
    public const string ReservedAsNameFormat = "'{0}' is a reserved word and cannot be used as a name";
    public const string GivenTwiceFormat = "'{0}' is given twice";
    public const string ConflictFormat = "'{0}' and '{1}' cannot be given together";
    public const string UnknownOptionFormat = "unknown option '{0}': only show and print take --csharp";
    public const string UnknownShowOptionFormat = "unknown option '{0}': show takes --csharp, and show graph --dot";
    public const string DotOnlyOnGraphFormat = "show {0} takes no --dot: only show graph draws DOT";
    public const string ChainedComparisonFormat = "comparisons do not chain: join them with 'and' before '{0}'";
    public const string NoOptionsFormat = "{0} takes no options: only show and print take --csharp";

    // ---- Meaning ----------------------------------------------------------------------------

    public const string UnknownFunctionFormat = "unknown function '{0}'";
    public const string ArityFormat = "{0} takes {1}, not {2}";
    public const string HandleMisplacedFormat =
        "'{0}' is a pin handle: use it as 'read {0}', 'write {0}' or handle({0})";
    public const string HandleArgumentFormat = "handle takes a pin handle such as #1 first, found '{0}'";
    public const string CounterArgumentFormat = "stat takes the name of a counter such as pgfault, found '{0}'";
    public const string UnknownCounterFormat = "unknown counter '{0}'";
    public const string CounterListHint =
        "; counters: the names of /proc/vmstat (pgfault, pgreuse, thp_fault_alloc, ...), cow_copy, zero_map, unshare, fork_copy, and per THP size STAT_SIZE (anon_fault_alloc_64K, split_2M, ...)";
    public const string UnknownSettingFormat = "unknown setting '{0}'";
    public const string BadSizeKeyFormat = "'{0}' is not an mTHP size: {1}.SIZE takes a power of two from 16K to 1M";
    public const string SettingWordFormat = "{0} takes one of {1}, not '{2}'";
    public const string InternalFormat = "internal parser error, please report it: {0}";
    public const string BadVersionRangeFormat = "'{0}' is not a version or range of versions: write 5.8, 5.9-5.17, <=5.7, >=6.9 or 6.15+";
    public const string BadVersionFormat = "'{0}' is not a kernel version: write latest or a version such as 6.18";

    public static string UnexpectedCharacters(string text) => F(UnexpectedCharactersFormat, text);

    public static string NumberTooLarge(string text) => F(NumberTooLargeFormat, text);

    public static string MalformedNumber(string text) => F(MalformedNumberFormat, text);

    public static string HandleTooLarge(string text) => F(HandleTooLargeFormat, text);

    public static string UnterminatedBlock(Span open) => F(UnterminatedBlockFormat, open.Line, open.Column);

    public static string ExpectedAfter(string what, string after) => F(ExpectedAfterFormat, what, after);

    public static string ExpectedAfterFound(string what, string after, string found) =>
        F(ExpectedAfterFoundFormat, what, after, found);

    public static string UnexpectedAfter(string found, string after) => F(UnexpectedAfterFormat, found, after);

    public static string ExpectedCommand(string found) => F(ExpectedCommandFormat, found);

    public static string UnknownCommand(string word, string? nearest) =>
        F(UnknownCommandFormat, word) + (nearest is null ? UnknownCommandHint : F(DidYouMeanFormat, nearest));

    public static string TooManyOperands(string form, string takes) => F(TooManyOperandsFormat, form, takes);

    public static string ProcessFirst(string found, string form, string takes) =>
        ExpectedFirst("a process name", found, form, takes);

    public static string ExpectedFirst(string what, string found, string form, string takes) =>
        F(ExpectedFirstFormat, what, found, form, takes);

    /// <summary><c>'ro' is not an advice of madvise; expected one of dontneed, ...</c> or <c>(did you mean ...)</c>.</summary>
    public static string NotAKeyword(string word, string noun, string owner, IReadOnlyList<string> valid, string? nearest) =>
        F(NotAKeywordFormat, word, noun, owner) +
        (nearest is null ? F(ExpectedOneOfFormat, string.Join(", ", valid)) : F(DidYouMeanFormat, nearest));

    public static string KeywordAsName(string word, string command) => F(KeywordAsNameFormat, word, command);

    public static string ReservedAsName(string word) => F(ReservedAsNameFormat, word);

    public static string GivenTwice(string word) => F(GivenTwiceFormat, word);

    public static string Conflict(string first, string second) => F(ConflictFormat, first, second);

    public static string UnknownOption(string option) => F(UnknownOptionFormat, option);

    public static string UnknownShowOption(string option) => F(UnknownShowOptionFormat, option);

    public static string DotOnlyOnGraph(string kind) => F(DotOnlyOnGraphFormat, kind);

    public static string ChainedComparison(string op) => F(ChainedComparisonFormat, op);

    public static string NoOptions(string command) => F(NoOptionsFormat, command);

    public static string UnknownFunction(string name, IReadOnlyList<string> valid, string? nearest) =>
        F(UnknownFunctionFormat, name) +
        (nearest is null ? F(ExpectedOneOfFormat, string.Join(", ", valid)) : F(DidYouMeanFormat, nearest));

    /// <summary><c>refcount takes 1 or 2 arguments, not 3</c></summary>
    public static string Arity(string function, int min, int max, int given) =>
        F(ArityFormat, function, Arguments(min, max), given);

    public static string HandleMisplaced(string handle) => F(HandleMisplacedFormat, handle);

    public static string HandleArgument(string found) => F(HandleArgumentFormat, found);

    public static string CounterArgument(string found) => F(CounterArgumentFormat, found);

    public static string UnknownCounter(string name, string? nearest) =>
        F(UnknownCounterFormat, name) + (nearest is null ? CounterListHint : F(DidYouMeanFormat, nearest));

    public static string UnknownSetting(string key, IReadOnlyList<string> valid, string? nearest) =>
        F(UnknownSettingFormat, key) +
        (nearest is null ? F(ExpectedOneOfFormat, string.Join(", ", valid)) : F(DidYouMeanFormat, nearest));

    public static string BadSizeKey(string size, string key) => F(BadSizeKeyFormat, size, key);

    public static string SettingWord(string key, IReadOnlyList<string> valid, string found) =>
        F(SettingWordFormat, key, string.Join(", ", valid), found);

    public static string Internal(string detail) => F(InternalFormat, detail);

    public static string BadVersion(string text) => F(BadVersionFormat, text);

    public static string BadVersionRange(string text) => F(BadVersionRangeFormat, text);

    /// <summary><c>a</c>, <c>a or b</c>, <c>a, b or c</c>.</summary>
    public static string Alternatives(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "more",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1],
    };

    private static string Arguments(int min, int max) => (min, max) switch
    {
        (1, 1) => "1 argument",
        _ when min == max => F("{0} arguments", min),
        (0, 1) => "at most 1 argument",
        _ => F("{0} or {1} arguments", min, max),
    };

    private static string F(string format, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
