using System.Runtime.CompilerServices;
using System.Text;

namespace MmDsl.Runtime.Engine.Eras;

/// <summary>Something that records decision steps, and says whether anyone is listening.</summary>
public interface IDecisionTrace
{
    /// <summary>False when nobody reads the explanation: then no text is built at all.</summary>
    bool Explain { get; }

    /// <summary>Record that <paramref name="function"/> tested a condition, described in words.</summary>
    void Step(string function, [InterpolatedStringHandlerArgument("")] ref TraceText condition);
}

/// <summary>
/// An interpolated string that is only formatted when the trace explains, so that decision code
/// can describe every condition without costing anything on the fast path.
/// </summary>
[InterpolatedStringHandler]
public ref struct TraceText
{
    private StringBuilder? _builder;

    public TraceText(int literalLength, int formattedCount, IDecisionTrace trace, out bool enabled)
    {
        enabled = trace.Explain;
        _builder = enabled ? new StringBuilder(literalLength + formattedCount * 8) : null;
    }

    public void AppendLiteral(string s) => _builder?.Append(s);

    public void AppendFormatted<T>(T value) => _builder?.Append(value);

    public void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => _builder?.Append(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => _builder?.ToString() ?? string.Empty;
}
