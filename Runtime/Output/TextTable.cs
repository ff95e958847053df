using System.Text;

namespace MmDsl.Runtime.Output;

/// <summary>A plain text table: left-aligned columns two spaces apart, no trailing spaces.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        _headers = headers;
    }

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public IEnumerable<string> Lines()
    {
        var widths = new int[_headers.Length];
        foreach (var row in _rows.Prepend(_headers))
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (var row in _rows.Prepend(_headers))
        {
            var sb = new StringBuilder();
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < row.Length ? row[i] : string.Empty;
                sb.Append(cell);
                if (i < widths.Length - 1)
                {
                    sb.Append(' ', widths[i] - cell.Length + 2);
                }
            }
            yield return sb.ToString().TrimEnd();
        }
    }
}
