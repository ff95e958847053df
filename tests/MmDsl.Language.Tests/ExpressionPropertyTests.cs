using CsCheck;
using MmDsl.Language.Parsing;

namespace MmDsl.Language.Tests;

/// <summary>
/// Random expressions, written with as few parentheses as precedence allows, parse back to the
/// tree they were written from.
/// </summary>
public class ExpressionPropertyTests
{
    /// <summary>An expression with its text, the tree it must parse to, and its precedence level.</summary>
    private sealed record Sample(string Text, string Tree, int Level);

    private static readonly (string Text, string Tree, int Level)[] Binary =
    [
        ("or", "or", 1), ("and", "and", 2), ("==", "==", 4), ("!=", "!=", 4), ("<", "<", 4), ("<=", "<=", 4),
        (">", ">", 4), (">=", ">=", 4), ("+", "+", 5), ("-", "-", 5), ("*", "*", 6),
    ];

    private static readonly Gen<Sample> Leaf = Gen.OneOf(
        Gen.Int[0, 100000].Select(n => new Sample(n.ToString(), n.ToString(), 9)),
        Gen.Int[1, 64].Select(n => new Sample(n + "K", (n * 1024L) + "s", 9)),
        Gen.OneOf("a", "buf", "x_1", "B").Select(n => new Sample(n, n, 9)),
        Gen.OneOf("refcount", "value", "pfn").Select(f => new Sample($"{f}(A, buf)", $"({f} A buf)", 9)));

    private static Gen<Sample> Expression(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (2, Leaf),
            (4, Gen.Select(Expression(depth - 1), Gen.Int[0, Binary.Length - 1], Expression(depth - 1), Combine)),
            (1, Expression(depth - 1).Select(e => Prefix(e, "-", "neg", 7))),
            (1, Expression(depth - 1).Select(e => Prefix(e, "not", "not", 3))));

    private static Sample Combine(Sample left, int op, Sample right)
    {
        var (text, tree, level) = Binary[op];
        // Left-associative: the left side needs parentheses only if it binds less tightly, the right
        // side also if it binds as tightly; comparisons do not chain, so either side at their level does.
        var l = left.Level < level || (level == 4 && left.Level == 4) ? $"({left.Text})" : left.Text;
        var r = right.Level <= level ? $"({right.Text})" : right.Text;
        return new Sample($"{l} {text} {r}", $"({tree} {left.Tree} {right.Tree})", level);
    }

    private static Sample Prefix(Sample operand, string text, string tree, int level)
    {
        var inner = operand.Level < level ? $"({operand.Text})" : operand.Text;
        return new Sample($"{text} {inner}", $"({tree} {operand.Tree})", level == 7 ? 8 : level);
    }

    [Fact]
    public void ParsesBackToTheTree() =>
        Expression(4).Sample(sample =>
        {
            var result = ScriptParser.Parse("e.mm", "print " + sample.Text);
            Assert.True(result.Success, sample.Text + "\n" + string.Join("\n", result.Diagnostics.Select(d => d.Format())));
            Assert.Equal($"(print {sample.Tree})", SyntaxPrinter.Print(result.Script.Commands));
        }, iter: 3000, print: s => s.Text);
}
