using System.Collections.Immutable;
using MmDsl.Language.Parsing;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Language.Tests;

/// <summary>Every node and every diagnostic says where it is: file, line, column, and the text it covers.</summary>
public class PositionTests
{
    private const string Script = "proc A\n\n  mmap buf 2M thp   # THP\nwrite A buf+0x1000 = 5; fork B from A\n" +
        "for i in 0..4 {\n  read B buf + i*4K\n}\nexpect refcount(A, (buf)) == 2\n";

    private static ImmutableArray<Command> Commands()
    {
        var result = ScriptParser.Parse("s.mm", Script);
        Assert.Empty(result.Diagnostics);
        return result.Script.Commands;
    }

    [Fact]
    public void CommandsKnowTheirLineColumnAndText()
    {
        var commands = Commands();
        Assert.Equal(
            [
                (1, 1, "proc A"),
                (3, 3, "mmap buf 2M thp"),
                (4, 1, "write A buf+0x1000 = 5"),
                (4, 25, "fork B from A"),
                (5, 1, "for i in 0..4 {\n  read B buf + i*4K\n}"),
                (8, 1, "expect refcount(A, (buf)) == 2"),
            ],
            commands.Select(c => (c.Span.Line, c.Span.Column, c.Span.Text)));
        Assert.All(commands, c => Assert.Equal("s.mm", c.Span.Source.Path));
    }

    [Fact]
    public void NamesAndOperandsKnowTheirPlace()
    {
        var commands = Commands();
        var mmap = Assert.IsType<MmapCommand>(commands[1]);
        Assert.Equal((3, 8, "buf"), At(mmap.Name!.Span));
        Assert.Equal((3, 12, "2M"), At(mmap.Size.Span));
        Assert.Equal((3, 15, "thp"), At(Assert.Single(mmap.Flags).Span));

        var write = Assert.IsType<WriteCommand>(commands[2]);
        Assert.Equal((4, 7, "A buf+0x1000"), At(write.Args.Span));
        Assert.Equal((4, 9, "buf+0x1000"), At(write.Args[1].Span));
        var sum = Assert.IsType<BinaryExpr>(write.Args[1]);
        Assert.Equal((4, 13, "0x1000"), At(sum.Right.Span));
        Assert.Equal((4, 22, "5"), At(write.Value!.Span));

        var fork = Assert.IsType<ForkCommand>(commands[3]);
        Assert.Equal((4, 30, "B"), At(fork.Child.Span));
        Assert.Equal((4, 37, "A"), At(fork.From!.Span));

        var loop = Assert.IsType<ForCommand>(commands[4]);
        Assert.Equal((5, 5, "i"), At(loop.Variable.Span));
        var read = Assert.IsType<ReadCommand>(Assert.Single(loop.Body));
        Assert.Equal((6, 3, "read B buf + i*4K"), At(read.Span));
        Assert.Equal((6, 10, "buf + i*4K"), At(read.Args[1].Span));
    }

    [Fact]
    public void ParenthesesBelongToTheirExpression()
    {
        var expect = Assert.IsType<ExpectCommand>(Commands()[5]);
        var comparison = Assert.IsType<BinaryExpr>(expect.Condition);
        Assert.Equal((8, 8, "refcount(A, (buf)) == 2"), At(comparison.Span));
        var call = Assert.IsType<CallExpr>(comparison.Left);
        Assert.Equal((8, 8, "refcount(A, (buf))"), At(call.Span));
        Assert.Equal((8, 20, "(buf)"), At(call.Args[1].Span));
        var print = Assert.IsType<PrintCommand>(Assert.Single(ScriptParser.Parse("t", "print (buf + 2M) - 4K").Script.Commands));
        Assert.Equal((1, 7, "(buf + 2M)"), At(Assert.IsType<BinaryExpr>(print.Value).Left.Span));
    }

    [Fact]
    public void KeysVersionsPathsAndKeywordsKnowTheirPlace()
    {
        var commands = ScriptParser.Parse("k.mm",
            "kernel  v6.8\nset thp.16K inherit\ninclude \"a b.mm\"\nrun x.mm\nmprotect buf 4K ro\nunpin #12\nset swap 1G").Script.Commands;
        var kernel = Assert.IsType<KernelCommand>(commands[0]);
        Assert.Equal((1, 9, "v6.8"), At(kernel.VersionSpan));
        var set = Assert.IsType<SetCommand>(commands[1]);
        Assert.Equal((2, 5, "thp.16K"), At(set.KeySpan));
        Assert.Equal((2, 13, "inherit"), At(set.Value.Span));
        Assert.Equal((3, 9, "\"a b.mm\""), At(Assert.IsType<IncludeCommand>(commands[2]).Path.Span));
        Assert.Equal((4, 5, "x.mm"), At(Assert.IsType<RunCommand>(commands[3]).Path.Span));
        Assert.Equal((5, 17, "ro"), At(Assert.IsType<MprotectCommand>(commands[4]).Protection.Span));
        Assert.Equal((6, 7, "#12"), At(Assert.IsType<ReleaseCommand>(commands[5]).Handle.Span));
        var swap = Assert.IsType<ExprSetValue>(Assert.IsType<SetCommand>(commands[6]).Value);
        Assert.Equal((7, 10, "1G"), At(swap.Span));
        Assert.Equal((7, 10, "1G"), At(swap.Value.Span));
    }

    [Fact]
    public void EmptyOperandsSitAfterTheCommandWords()
    {
        var show = Assert.IsType<ShowCommand>(Assert.Single(ScriptParser.Parse("t", "show refs").Script.Commands));
        Assert.Equal(9, show.Args.Span.Start);
        Assert.Equal(0, show.Args.Span.Length);
    }

    [Fact]
    public void DiagnosticsPointAtTheOffendingTokenOnItsLine()
    {
        var result = ScriptParser.Parse("s.mm", "proc A\nmmap buf 2M\n\n  write A buf 4K 8K\nfor i in 0..2 {\n  madvise buf 4K ro\n}\n");
        Assert.Equal(
            [(4, 18, "8K"), (6, 18, "ro")],
            result.Diagnostics.Select(d => At(d.Span)));
        Assert.Equal(
            "s.mm:6:18: 'ro' is not an advice of madvise; expected one of dontneed, free, willneed, hugepage, " +
            "nohugepage, collapse, pageout, cold, dontfork, dofork, wipeonfork, keeponfork, mergeable, unmergeable\n" +
            "    madvise buf 4K ro\n" +
            "                   ^~",
            result.Diagnostics[1].Format());
    }

    [Fact]
    public void WindowsLineEndingsKeepColumnsAndLines()
    {
        var result = ScriptParser.Parse("w.mm", "proc A\r\nmmap buf 2M\r\nwrite A buf 1 2\r\n");
        Assert.Equal([(1, 1), (2, 1)], result.Script.Commands.Select(c => (c.Span.Line, c.Span.Column)));
        Assert.Equal("mmap buf 2M", result.Script.Commands[1].Span.Text);
        Assert.Equal(
            "w.mm:3:15: too many operands: write takes [P] ADDR [SIZE] [= VALUE]\n  write A buf 1 2\n                ^",
            Assert.Single(result.Diagnostics).Format());
    }

    [Fact]
    public void MissingOperandPointsJustAfterTheLastToken()
    {
        var diagnostic = Assert.Single(ScriptParser.Parse("t", "proc A\nmunmap buf   # comment").Diagnostics);
        Assert.Equal((2, 11, ""), At(diagnostic.Span));
    }

    [Fact]
    public void UnterminatedBlockPointsAtItsBrace()
    {
        var diagnostic = Assert.Single(ScriptParser.Parse("t", "proc A\n\nfor i in 0..2 {\n  write buf\n").Diagnostics);
        Assert.Equal("t:3:15: unterminated block: '{' opened at 3:15 is never closed\n  for i in 0..2 {\n                ^",
            diagnostic.Format());
    }

    private static (int Line, int Column, string Text) At(Span span) => (span.Line, span.Column, span.Text);
}
