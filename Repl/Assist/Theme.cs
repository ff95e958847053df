using MmDsl.Language.Parsing;
using Spectre.Console;

namespace MmDsl.Repl.Assist;

/// <summary>The colours of the REPL, in the terminal's own 16-colour palette.</summary>
internal static class Theme
{
    public static Style Prompt { get; } = new(Color.Green, decoration: Decoration.Bold);

    public static Style Copied { get; } = new(Color.Yellow);

    public static Style Reused { get; } = new(Color.Lime);

    public static Style Exclusive { get; } = new(Color.Aqua);

    public static Style Pinned { get; } = new(Color.Fuchsia);

    public static Style Failure { get; } = new(Color.Red, decoration: Decoration.Bold);

    public static Style Caret { get; } = new(Color.Red);

    public static Style Location { get; } = new(decoration: Decoration.Bold);

    private static readonly Dictionary<Classification, Style> ByKind =
        Enum.GetValues<Classification>().ToDictionary(k => k, Of);

    /// <summary>The style of each kind of script text as you type it.</summary>
    public static Style For(Classification kind) => ByKind[kind];

    private static Style Of(Classification kind) => kind switch
    {
        Classification.Command => new Style(Color.Blue, decoration: Decoration.Bold),
        Classification.Keyword => new Style(Color.Purple),
        Classification.Process => new Style(Color.Green, decoration: Decoration.Bold),
        Classification.Mapping => new Style(Color.Teal),
        Classification.Number or Classification.Size => new Style(Color.Olive),
        Classification.Comment or Classification.CSharpComment => new Style(Color.Grey),
        Classification.String or Classification.CSharpString => new Style(Color.Maroon),
        Classification.Handle => new Style(Color.Fuchsia),
        Classification.Function => new Style(Color.Navy),
        Classification.CSharpKeyword => new Style(Color.Blue),
        Classification.Error => new Style(Color.Red, decoration: Decoration.Underline),
        _ => Style.Plain,
    };
}
