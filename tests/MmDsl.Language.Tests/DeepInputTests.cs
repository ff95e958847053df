using MmDsl.Language.Parsing;

namespace MmDsl.Language.Tests;

/// <summary>Input nested or repeated beyond reason is refused with a message, never with a crash.</summary>
public class DeepInputTests
{
    private const int Deep = 20000;

    [Theory]
    [InlineData("(", "1", ")")]
    [InlineData("- ", "1", "")]
    [InlineData("not ", "x", "")]
    [InlineData("f(", "1", ")")]
    public void DeepExpressionsAreTooDeep(string open, string middle, string close)
    {
        var text = "print " + string.Concat(Enumerable.Repeat(open, Deep)) + middle + string.Concat(Enumerable.Repeat(close, Deep));
        var result = ScriptParser.Parse("d.mm", text);
        Assert.Equal("nested too deeply", Assert.Single(result.Diagnostics).Message);
        Robustness.AssertWellFormed(text, SyntaxClassifier.Classify(text));
    }

    [Fact]
    public void ReasonableNestingParses() =>
        Assert.Equal("(print 1)", SyntaxPrinter.Parse("print " + new string('(', 60) + "1" + new string(')', 60)));

    [Fact]
    public void DeepBlocksAreRefused()
    {
        var text = string.Concat(Enumerable.Repeat("for i in 0..1 {\n", 40)) + string.Concat(Enumerable.Repeat("}\n", 40)) + "proc A\n";
        var result = ScriptParser.Parse("d.mm", text);
        Assert.Equal("nested too deeply", Assert.Single(result.Diagnostics).Message);
        Assert.Equal("ProcCommand", result.Script.Commands[^1].GetType().Name);
    }

    [Fact]
    public void ManyOpenBracesAreUnterminated()
    {
        var text = new string('{', Deep);
        var result = ScriptParser.Parse("d.mm", text);
        Assert.Contains(result.Diagnostics, d => d.Message == "unterminated block: '{' opened at 1:1 is never closed");
        Assert.True(ScriptParser.NeedsMoreInput(text));
    }

    [Fact]
    public void LongLinesParse()
    {
        // A chain of operators is a tree as deep as it is long: past 1000 operators it is refused, with a position.
        var sum = ScriptParser.Parse("d.mm", "print " + string.Join(" + ", Enumerable.Repeat("1", Deep)));
        Assert.StartsWith("too many operators in one statement", Assert.Single(sum.Diagnostics).Message);
        var args = ScriptParser.Parse("d.mm", "print refcount(" + string.Join(", ", Enumerable.Repeat("1", Deep)) + ")");
        Assert.Equal($"refcount takes 1 or 2 arguments, not {Deep}", Assert.Single(args.Diagnostics).Message);
    }

    [Fact]
    public void NestedInterpolationsInCSharp()
    {
        var holes = "cs { var s = " + string.Concat(Enumerable.Repeat("$\"{", 100)) + "x" + string.Concat(Enumerable.Repeat("}\"", 100)) + "; }";
        Assert.Single(ScriptParser.Parse("d.mm", holes).Script.Commands);
        var open = "cs { " + string.Concat(Enumerable.Repeat("$\"{", Deep));
        Assert.False(ScriptParser.Parse("d.mm", open).Success);
        Assert.True(ScriptParser.NeedsMoreInput(open));
    }
}
