using System.Globalization;
using System.Text;

namespace MmDsl.Runtime.Output.Report;

/// <summary>
/// Text into markup that is both HTML and well-formed XML: the five escapes only, no named
/// entities, every element closed. Numbers print with the invariant culture.
/// </summary>
internal static class Xml
{
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    // Control characters other than tab and newline are not allowed in XML.
                    sb.Append(c < ' ' && c != '\n' && c != '\t' ? '?' : c);
                    break;
            }
        }
        return sb.ToString();
    }

    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
