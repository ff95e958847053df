using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using static MmDsl.Language.Tests.SyntaxPrinter;

namespace MmDsl.Language.Tests;

/// <summary>The examples of the language reference (docs/language.md), exactly as written there.</summary>
public class LanguageDocTests
{
    private const string OpeningScript = """
        # the seed experiment: a THP shared by fork, then written by the parent
        kernel 6.18
        proc A
        mmap buf 2M thp
        write A buf            # fault in a PMD-mapped THP
        fork B
        write A buf+0x1000     # parent writes: what happens to the huge page?
        show refs
        expect pmd_mapped(B, buf)
        expect value(B, buf) != value(A, buf)   # private memory stays private
        """;

    [Fact]
    public void OpeningScriptParses()
    {
        Assert.Equal(
            "(kernel \"6.18\") (proc A) (mmap buf 2097152s [Thp]) (write [A buf]) (fork B) " +
            "(write [A (+ buf 4096)]) (show Refs []) (expect (pmd_mapped B buf)) " +
            "(expect (!= (value B buf) (value A buf)))",
            Parse(OpeningScript));
    }

    [Fact]
    public void OpeningScriptSpansCoverEachCommandWithoutItsComment()
    {
        var script = ScriptParser.Parse("seed.mm", OpeningScript).Script;
        Assert.Equal(
            [
                "kernel 6.18", "proc A", "mmap buf 2M thp", "write A buf", "fork B", "write A buf+0x1000",
                "show refs", "expect pmd_mapped(B, buf)", "expect value(B, buf) != value(A, buf)",
            ],
            script.Commands.Select(c => c.Span.Text));
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10], script.Commands.Select(c => c.Span.Line));
        Assert.All(script.Commands, c => Assert.Equal(1, c.Span.Column));
    }

    [Theory]
    [InlineData("buf + 3*4K", "(+ buf (* 3 4096s))")]
    [InlineData("(buf + 2M) - 4K", "(- (+ buf 2097152s) 4096s)")]
    public void ExpressionExamples(string expression, string expected) =>
        Assert.Equal($"(print {expected})", Parse("print " + expression));

    [Theory]
    [InlineData("write A 0x1000", "(write [A 4096])")]
    [InlineData("write 0x1000", "(write [4096])")]
    [InlineData("write buf 4K", "(write [buf 4096s])")]
    [InlineData("write A buf 4K", "(write [A buf 4096s])")]
    [InlineData("mmap 2M thp", "(mmap _ 2097152s [Thp])")]
    [InlineData("let p0 = pfn(A, buf)", "(let p0 (pfn A buf))")]
    [InlineData("expect pfn(A, buf) == p0", "(expect (== (pfn A buf) p0))")]
    [InlineData("for i in A..B { write buf }", "(for i A B {(write [buf])})")]
    [InlineData("include \"path.mm\"", "(include \"path.mm\")")]
    [InlineData("cs load FILE.csx", "(cs-load \"FILE.csx\")")]
    [InlineData("compare FILE", "(compare \"FILE\")")]
    [InlineData("save FILE", "(save \"FILE\")")]
    [InlineData("run FILE", "(run \"FILE\")")]
    [InlineData("help CMD", "(help CMD)")]
    [InlineData("show ptes A buf 8K --csharp", "(show Ptes [A buf 8192s] --csharp)")]
    [InlineData("trace on\nwrite B 0x5000", "(trace on) (write [B 20480])")]
    [InlineData("Run(\"fork C\")", null)]
    public void InlineExamples(string text, string? expected)
    {
        if (expected is null)
        {
            // Run("fork C") is C#, written inside cs { ... }.
            Assert.Equal("(cs \" Run(\"fork C\") \")", Parse($"cs {{ {text} }}"));
            return;
        }
        Assert.Equal(expected, Parse(text));
    }

    [Fact]
    public void EveryCommandOfTheTableHasAGrammar()
    {
        Assert.All(Commands.CommandTable.All, c => Assert.True(CommandGrammar.HasGrammar(c.Name), c.Name));
    }

    [Fact]
    public void EveryCommandTableExampleParses()
    {
        foreach (var command in Commands.CommandTable.All.Where(c => c.Example.Length > 0))
        {
            var result = ScriptParser.Parse(command.Name, command.Example);
            Assert.True(result.Success, command.Name + ": " + string.Join("\n", result.Diagnostics.Select(d => d.Format())));
            Assert.Equal(command.Example.Split('\n').Length, result.Script.Commands.Length);
        }
    }

    [Fact]
    public void EveryQueryOfTheTableParses()
    {
        foreach (var query in Commands.QueryTable.All)
        {
            var args = query.Args switch
            {
                Commands.QueryArgs.ProcessAddress => "A, buf",
                Commands.QueryArgs.Process => "A",
                Commands.QueryArgs.Counter => "pgfault",
                _ => "#1",
            };
            var call = Assert.IsType<CallExpr>(Assert.IsType<PrintCommand>(
                Assert.Single(ScriptParser.Parse("t.mm", $"print {query.Name}({args})").Script.Commands)).Value);
            Assert.Equal(query.Name, call.Function);
        }
    }
}
