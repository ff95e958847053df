using System.Collections;
using System.Globalization;

namespace MmDsl.Runtime.Api;

/// <summary>
/// How C# values print, the way the language prints its own: numbers in decimal, <see cref="Pfn"/>
/// and <see cref="Address"/> in hexadecimal, booleans as <c>true</c>/<c>false</c>, a sequence one
/// item per line, views with their readable <c>ToString</c>.
/// </summary>
public static class ValueText
{
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => s,
        char c => c.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary d => Lines(Entries(d)),
        IEnumerable e => Lines(e.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A number in hexadecimal with the <c>0x</c> prefix.</summary>
    public static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Entries(IDictionary dictionary)
    {
        var entries = dictionary.GetEnumerator();
        while (entries.MoveNext())
        {
            yield return $"{Format(entries.Key)}: {Format(entries.Value)}";
        }
    }

    private static string Lines(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "(empty)" : string.Join("\n", list);
    }
}
