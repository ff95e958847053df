using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;

namespace MmDsl.Language.Tests;

/// <summary>Input at the edges: long operator chains, a parenthesis after a process name, undo in a block.</summary>
public class EdgeInputTests
{
    [Theory]
    [InlineData("+1")]
    [InlineData("*1")]
    [InlineData(" and 1 == 1")]
    public void LongOperatorChainsAreRefusedWithAPosition(string term)
    {
        var text = "print 1" + string.Concat(Enumerable.Repeat(term, 100_000));
        var result = ScriptParser.Parse("chain.mm", text);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.StartsWith("too many operators in one statement", diagnostic.Message);
        Assert.Equal(1, diagnostic.Span.Line);
        Robustness.AssertWellFormed(text, SyntaxClassifier.Classify(text));
    }

    [Fact]
    public void AThousandOperatorsStillParse() =>
        Assert.True(ScriptParser.Parse("chain.mm", "print 1" + string.Concat(Enumerable.Repeat("+1", 1000))).Success);

    [Theory]
    [InlineData("write A (buf + 4K) = 1")]
    [InlineData("read A (buf)")]
    [InlineData("write A (buf) + 8 = 2")]
    public void AParenthesisAfterANameThatIsNoFunctionIsAnOperand(string text)
    {
        var result = ScriptParser.Parse("p.mm", text);
        Assert.True(result.Success, string.Join("; ", result.Diagnostics.Select(d => d.Message)));
        var args = Assert.Single(result.Script.Commands) switch
        {
            WriteCommand w => w.Args,
            ReadCommand r => r.Args,
            var other => throw new InvalidOperationException(other.ToString()),
        };
        Assert.Equal(2, args.Count);
        Assert.Equal("A", Assert.IsType<NameExpr>(args[0]).Name);
    }

    [Fact]
    public void AQueryStillTakesItsArgumentsAfterASpace() =>
        Assert.True(ScriptParser.Parse("p.mm", "expect value (A, buf) == 1").Success);

    [Fact]
    public void AnUnknownFunctionWithoutASpaceIsStillReported() =>
        Assert.Contains("unknown function 'valu'", Assert.Single(ScriptParser.Parse("p.mm", "print valu(A, 0)").Diagnostics).Message);

    [Theory]
    [InlineData("for i in 0..2 { write A buf = 1; undo }")]
    [InlineData("repeat 2 { undo }")]
    public void UndoInsideABlockIsRefusedAtItsPosition(string text)
    {
        var result = ScriptParser.Parse("u.mm", text);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.StartsWith("undo cannot run inside a block", diagnostic.Message);
        Assert.Equal("undo", diagnostic.Span.Text);
    }
}
