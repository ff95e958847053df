using MmDsl.Language.Parsing;

namespace MmDsl.Language.Tests;

/// <summary>Comments, separators, numbers, sizes, names and handles.</summary>
public class LexicalTests
{
    [Theory]
    [InlineData("proc A # comment", "(proc A)")]
    [InlineData("proc A // comment", "(proc A)")]
    [InlineData("# a whole line\n// another\nproc A", "(proc A)")]
    [InlineData("proc A#comment right after", "(proc A)")]
    [InlineData("read #1 # handle 1, then a comment", "(read #1)")]
    [InlineData("unpin #12 #x", "(unpin #12)")]
    [InlineData("proc A; proc B;; fork C", "(proc A) (proc B) (fork C)")]
    [InlineData("\n\n   \t\nproc A\n\n", "(proc A)")]
    [InlineData("proc A ; ; ", "(proc A)")]
    [InlineData("include \"a#b.mm\" # real comment", "(include \"a#b.mm\")")]
    [InlineData("run a#b.mm", "(run \"a#b.mm\")")]
    [InlineData("run a//b.mm", "(run \"a//b.mm\")")]
    [InlineData("help # no topic", "(help)")]
    [InlineData("kernel 6.18 # the latest era", "(kernel \"6.18\")")]
    [InlineData("print 10 - -2", "(print (- 10 (neg 2)))")]
    [InlineData("print 10--2", "(print (- 10 (neg 2)))")]
    public void Separators(string text, string expected) => Assert.Equal(expected, SyntaxPrinter.Parse(text));

    [Theory]
    [InlineData("0", 0L, false)]
    [InlineData("4096", 4096L, false)]
    [InlineData("0x1000", 0x1000L, false)]
    [InlineData("0X1000", 0x1000L, false)]
    [InlineData("0x20_0000", 0x200000L, false)]
    [InlineData("0x_20", 0x20L, false)]
    [InlineData("1_000_000", 1000000L, false)]
    [InlineData("0xdeadBEEF", 0xdeadbeefL, false)]
    [InlineData("9223372036854775807", long.MaxValue, false)]
    [InlineData("9223372036854775808", long.MinValue, false)]
    [InlineData("0xFFFFFFFFFFFFFFFF", -1L, false)]
    [InlineData("4K", 4096L, true)]
    [InlineData("4k", 4096L, true)]
    [InlineData("4KB", 4096L, true)]
    [InlineData("4kb", 4096L, true)]
    [InlineData("4KiB", 4096L, true)]
    [InlineData("4kib", 4096L, true)]
    [InlineData("2M", 2L << 20, true)]
    [InlineData("2mB", 2L << 20, true)]
    [InlineData("1G", 1L << 30, true)]
    [InlineData("1GiB", 1L << 30, true)]
    [InlineData("1T", 1L << 40, true)]
    [InlineData("16777215T", 16777215L << 40, true)]
    [InlineData("0x10M", 16L << 20, true)]
    [InlineData("1_024K", 1024L << 10, true)]
    public void NumbersAndSizes(string literal, long value, bool isSize)
    {
        var print = Assert.IsType<Syntax.PrintCommand>(Assert.Single(ScriptParser.Parse("t", "print " + literal).Script.Commands));
        var number = Assert.IsType<Syntax.NumberExpr>(print.Value);
        Assert.Equal((value, isSize), (number.Value, number.IsSize));
        Assert.Equal(literal, number.Span.Text);
    }

    [Theory]
    [InlineData("16777216T", "does not fit in 64 bits")]
    [InlineData("18446744073709551616", "does not fit in 64 bits")]
    [InlineData("0x1_0000_0000_0000_0000", "does not fit in 64 bits")]
    [InlineData("4X", "is not a number")]
    [InlineData("4KK", "is not a number")]
    [InlineData("4Kb2", "is not a number")]
    [InlineData("4iB", "is not a number")]
    [InlineData("0x", "is not a number")]
    [InlineData("0xG", "is not a number")]
    [InlineData("1__", "is not a number")]
    [InlineData("1.5", "is not a number")]
    [InlineData("12abc", "is not a number")]
    public void BadNumbers(string literal, string message)
    {
        var result = ScriptParser.Parse("t", "print " + literal);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains(message, diagnostic.Message);
        Assert.Equal(literal, diagnostic.Span.Text);
        Assert.Empty(result.Script.Commands);
    }

    [Theory]
    [InlineData("print _", "_")]
    [InlineData("print a_b_C9", "a_b_C9")]
    [InlineData("print __x", "__x")]
    public void Names(string text, string name) =>
        Assert.Equal($"(print {name})", SyntaxPrinter.Parse(text));

    [Fact]
    public void StrayCharactersAreOneErrorPerRun()
    {
        var result = ScriptParser.Parse("t", "print 1 €€ 2\nprint 3 ! 4\nproc A");
        Assert.Equal(["unexpected '€€'", "unexpected '!'"], result.Diagnostics.Select(d => d.Message));
        Assert.Equal("(proc A)", SyntaxPrinter.Print(result.Script.Commands));
    }
}
