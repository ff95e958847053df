using System.Text;

namespace MmDsl.Language.Text;

internal enum Severity
{
    Error,
    Warning,
}

/// <summary>One message about the input, with the place it refers to.</summary>
internal sealed record Diagnostic(Severity Severity, string Code, Span Span, string Message)
{
    /// <summary>
    /// <c>FILE:LINE:COLUMN: message</c>, then the source line and a caret under the column.
    /// </summary>
    public string Format()
    {
        var (line, column) = Span.Source.GetPosition(Span.Start);
        var text = Span.Source.GetLine(line);
        var sb = new StringBuilder();
        sb.Append(Span.Source.Path).Append(':').Append(line).Append(':').Append(column).Append(": ");
        if (Severity == Severity.Warning)
        {
            sb.Append("warning: ");
        }
        sb.Append(Message).Append('\n');
        sb.Append("  ").Append(text.Replace('\t', ' ')).Append('\n');
        sb.Append("  ").Append(' ', Math.Max(0, column - 1)).Append('^');
        var width = Math.Min(Span.Length, Math.Max(0, text.Length - column + 1));
        if (width > 1)
        {
            sb.Append('~', width - 1);
        }
        return sb.ToString();
    }

    public override string ToString() => Format();
}
