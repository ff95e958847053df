using System.Runtime.CompilerServices;
using System.Text;

namespace MmDsl.Engine.Eras;

/// <summary>Something that records decision steps, and says whether anyone is listening.</summary>
internal interface IDecisionTrace
{
    /// <summary>False when nobody reads the explanation: then no text is built at all.</summary>
    bool Explain { get; }

    /// <summary>
    /// Record, at the moment it is taken, that <paramref name="function"/> tested a condition,
    /// described in words, by the rule of <paramref name="rule"/> (the fact whose entry names the
    /// versions and the commit).
    /// </summary>
    void Step(string function, Fact rule, [InterpolatedStringHandlerArgument("")] ref TraceText condition);

    /// <summary>A step that no era rule decides: a user's policy, or what every modelled kernel does.</summary>
    void Note(string function, string condition);
}

/// <summary>
/// An interpolated string that is only formatted when the trace explains, so that decision code
/// can describe every condition without costing anything on the fast path.
/// </summary>
[InterpolatedStringHandler]
internal ref struct TraceText
{
    /// <summary>One builder per thread, reused: a fault's explanation then allocates only its string.</summary>
    [ThreadStatic]
    private static StringBuilder? t_spare;

    private StringBuilder? _builder;

    public TraceText(int literalLength, int formattedCount, IDecisionTrace trace, out bool enabled)
    {
        enabled = trace.Explain;
        if (enabled)
        {
            _builder = t_spare ?? new StringBuilder(literalLength + formattedCount * 8);
            t_spare = null;
            _builder.Clear();
        }
    }

    public void AppendLiteral(string s) => _builder?.Append(s);

    public void AppendFormatted<T>(T value) => _builder?.Append(value);

    public void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => _builder?.Append(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString()
    {
        if (_builder is not { } builder)
        {
            return string.Empty;
        }
        var text = builder.ToString();
        _builder = null;
        t_spare = builder;
        return text;
    }
}
