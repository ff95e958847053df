using System.Globalization;
using System.Text;
using Spectre.Console;

namespace MmDsl.Repl.Terminal;

/// <summary>
/// ANSI select-graphic-rendition codes for a Spectre.Console <see cref="Style"/>: the editor
/// writes highlighted spans itself, so that no renderer wraps or trims the line it is editing.
/// </summary>
internal static class Sgr
{
    public const string Reset = "\u001b[0m";

    public static string For(Style? style)
    {
        if (style is null || style == Style.Plain)
        {
            return string.Empty;
        }
        var codes = new List<string>();
        var d = style.Decoration;
        if (d.HasFlag(Decoration.Bold))
        {
            codes.Add("1");
        }
        if (d.HasFlag(Decoration.Dim))
        {
            codes.Add("2");
        }
        if (d.HasFlag(Decoration.Italic))
        {
            codes.Add("3");
        }
        if (d.HasFlag(Decoration.Underline))
        {
            codes.Add("4");
        }
        if (style.Foreground != Color.Default)
        {
            codes.Add(Foreground(style.Foreground));
        }
        return codes.Count == 0 ? string.Empty : "\u001b[" + string.Join(';', codes) + "m";
    }

    /// <summary><paramref name="text"/> in <paramref name="style"/>, back to plain after it.</summary>
    public static string Paint(string text, Style? style)
    {
        var on = For(style);
        return on.Length == 0 ? text : new StringBuilder(on).Append(text).Append(Reset).ToString();
    }

    /// <summary>The 16 standard colours, in the order of their codes (30-37, then 90-97).</summary>
    private static readonly Color[] Standard =
    [
        Color.Black, Color.Maroon, Color.Green, Color.Olive, Color.Navy, Color.Purple, Color.Teal, Color.Silver,
        Color.Grey, Color.Red, Color.Lime, Color.Yellow, Color.Blue, Color.Fuchsia, Color.Aqua, Color.White,
    ];

    /// <summary>The 16 standard colours by their own codes, so that the terminal's palette applies; others in 24 bits.</summary>
    private static string Foreground(Color color)
    {
        var n = Array.IndexOf(Standard, color);
        return n switch
        {
            < 0 => $"38;2;{color.R};{color.G};{color.B}",
            < 8 => (30 + n).ToString(CultureInfo.InvariantCulture),
            _ => (90 + n - 8).ToString(CultureInfo.InvariantCulture),
        };
    }
}
