namespace MmDsl.Language.Text;

/// <summary>A range of characters in a <see cref="SourceText"/>.</summary>
internal readonly record struct Span(SourceText Source, int Start, int Length)
{
    public int End => Start + Length;

    public int Line => Source.GetPosition(Start).Line;

    public int Column => Source.GetPosition(Start).Column;

    /// <summary>The characters the span covers.</summary>
    public string Text => Source.Text.Substring(Start, Math.Min(Length, Source.Text.Length - Start));

    /// <summary>The span from the start of this one to the end of <paramref name="other"/>.</summary>
    public Span To(Span other) => new(Source, Start, Math.Max(End, other.End) - Start);

    public override string ToString() => $"{Source.Path}:{Line}:{Column}";
}
