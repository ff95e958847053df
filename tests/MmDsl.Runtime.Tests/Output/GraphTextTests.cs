using MmDsl.Language.Text;
using MmDsl.Runtime.Running;

namespace MmDsl.Runtime.Tests.Output;

/// <summary><c>show graph</c>: ASCII within 80 columns, runs folded so that big mappings stay small.</summary>
public sealed class GraphTextTests
{
    private static string[] Run(string script)
    {
        var output = new StringWriter { NewLine = "\n" };
        Assert.Equal(ExitCodes.Ok, ScriptRunner.Run(new SourceText("t.mm", script), new RunOptions(), output));
        return output.ToString().TrimEnd('\n').Split('\n');
    }

    [Fact]
    public void A_fork_of_256M_is_a_few_lines()
    {
        var lines = Run("proc A; mmap buf 256M nothp; write buf 256M; fork B; show graph");
        var graph = lines.SkipWhile(l => !l.StartsWith("A (pid", StringComparison.Ordinal)).ToList();
        // The last pages written wait in the LRU-add batches, holding one more reference: they
        // are lines of their own; the rest of each process is one run to one run of folios.
        Assert.True(graph.Count < 20, string.Join("\n", graph));
        Assert.Contains("    pte 0x1000-0xfffe000 (65533) ro -> folios 0x401-0x103fd (x65533)", graph);
    }

    [Fact]
    public void Lines_are_ascii_and_fit_80_columns()
    {
        var lines = Run("""
            proc A
            mmap buf 2M thp
            mmap far 4K at 0x7fff_ffff_0000
            write A buf
            write A far
            pin A far rw longterm
            get A buf
            fork B
            write B buf + 0x1000
            mmap small 4K
            write A small
            swapout A small
            show graph
            show graph --dot
            """);
        var drawing = lines.SkipWhile(l => !l.StartsWith("A (pid", StringComparison.Ordinal)).TakeWhile(l => l != "digraph mm {").ToList();
        Assert.Contains(drawing, l => l.Contains("other refs: pin 1x1024", StringComparison.Ordinal));
        Assert.Contains(drawing, l => l.Contains("swap 0x", StringComparison.Ordinal));
        Assert.All(drawing, l => Assert.True(l.Length <= 80, l));
        // DOT has no width to keep to, but is ASCII too.
        Assert.All(lines.SkipWhile(l => !l.StartsWith("A (pid", StringComparison.Ordinal)), l => Assert.All(l, c => Assert.InRange(c, ' ', '~')));
    }
}
