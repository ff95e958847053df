using MmDsl.Language.Parsing;
using MmDsl.Language.Text;

namespace MmDsl.Language.Tests;

/// <summary>What must hold for any input, good or bad.</summary>
internal static class Robustness
{
    /// <summary>A parse of any text: diagnostics inside the text, and at least one when parsing failed.</summary>
    public static void AssertWellFormed(string text, ParseResult result)
    {
        Assert.Equal(result.Success, result.Diagnostics.All(d => d.Severity != Severity.Error));
        Assert.True(result.Success || result.Diagnostics.Length > 0);
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.True(diagnostic.Code != "MM999", $"{diagnostic.Message} in: {text}");
            Assert.InRange(diagnostic.Span.Start, 0, text.Length);
            Assert.InRange(diagnostic.Span.End, diagnostic.Span.Start, text.Length);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            Assert.NotNull(diagnostic.Format());
        }
        foreach (var command in result.Script.Commands)
        {
            Assert.InRange(command.Span.Start, 0, text.Length);
            Assert.InRange(command.Span.End, command.Span.Start + 1, text.Length);
        }
    }

    /// <summary>Classified spans of any text: ordered, disjoint, non-empty and inside the text.</summary>
    public static void AssertWellFormed(string text, IReadOnlyList<ClassifiedSpan> spans)
    {
        var end = 0;
        foreach (var span in spans)
        {
            Assert.True(span.Length > 0, $"empty span at {span.Start}");
            Assert.True(span.Start >= end, $"span at {span.Start} overlaps the one ending at {end}");
            end = span.End;
        }
        Assert.InRange(end, 0, text.Length);
    }
}
