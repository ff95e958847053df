using System.Text.RegularExpressions;
using MmDsl.Engine.Eras;
using MmDsl.Language.Text;
using MmDsl.Runtime.Running;

namespace MmDsl.Runtime.Tests.Output;

/// <summary>
/// Under trace, a decision prints before what it caused, a fallback keeps its order (the huge
/// fault's decision, the split, the small fault's decision), and every decision names the commit
/// of its rule from the facts table.
/// </summary>
public sealed partial class TraceOrderTests
{
    private static string[] Run(string commands)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = ScriptRunner.Run(new SourceText("trace.mm", commands.Replace("; ", "\n")), new RunOptions { CheckInvariants = true }, output);
        Assert.True(exit == 0, output.ToString());
        return output.ToString().TrimEnd('\n').Split('\n');
    }

    private static int IndexOf(string[] lines, string start)
    {
        var i = Array.FindIndex(lines, l => l.TrimStart().StartsWith(start, StringComparison.Ordinal));
        Assert.True(i >= 0, $"no line starting with '{start}' in:\n{string.Join("\n", lines)}");
        return i;
    }

    [Fact]
    public void A_thp_fault_decides_before_the_lru_drain_it_causes()
    {
        var lines = Run("kernel 6.1; proc A; mmap buf 2M thp; trace on; write buf");
        var decision = IndexOf(lines, "do_huge_pmd_anonymous_page: write fault");
        var drain = IndexOf(lines, "lru_add_drain:");
        Assert.True(decision < drain, string.Join("\n", lines));
        Assert.Contains("(large folio added)", lines[drain]);
    }

    [Fact]
    public void A_copy_decides_before_the_deferred_split_it_causes()
    {
        var lines = Run("kernel 6.1; proc A; mmap buf 2M thp; write buf; fork B; write A buf+0x1000; trace on; write B buf+0x1000");
        var copy = IndexOf(lines, "do_wp_page: refcount");
        var queued = IndexOf(lines, "deferred_split_folio:");
        Assert.True(copy < queued, string.Join("\n", lines));
    }

    [Theory]
    [InlineData("5.10", "do_huge_pmd_wp_page: reuse_swap_page", "do_wp_page: page_count")]
    [InlineData("6.1", "do_huge_pmd_wp_page: refcount", "do_wp_page: refcount")]
    [InlineData("6.18", "do_huge_pmd_wp_page: refcount", "__wp_can_reuse_large_anon_folio:")]
    public void A_thp_fallback_decides_then_splits_then_the_base_page_decides(string kernel, string huge, string small)
    {
        var lines = Run($"kernel {kernel}; proc A; mmap buf 2M thp; write buf; fork B; trace on; write A buf+0x1000");
        var first = IndexOf(lines, huge);
        var split = IndexOf(lines, "__split_huge_pmd:");
        var second = IndexOf(lines, small);
        Assert.True(first < split && split < second, string.Join("\n", lines));
    }

    [Theory]
    [InlineData("5.7", "[<=5.7, until 09854ba94c6a]")]
    [InlineData("5.10", "[5.9-5.17, 09854ba94c6a]")]
    [InlineData("5.18", "[5.18, d4c470970d45]")]
    [InlineData("6.18", "[6.15+, d4c470970d45]")]
    public void A_decision_names_the_commit_of_its_rule(string kernel, string tag)
    {
        var lines = Run($"kernel {kernel}; proc A; mmap buf 4K; write buf; fork B; trace on; write buf");
        Assert.Contains(lines, l => l.StartsWith("  ", StringComparison.Ordinal) && l.EndsWith(tag, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("5.4.28", "  0x401: skipped: mapped shared [<=5.7, 12e967fd8e4e]")]
    [InlineData("5.6", "  0x401: skipped: mapped shared [<=5.7, 12e967fd8e4e]")]
    [InlineData("6.1", "  0x400: kept: maybe pinned: not added to the swap cache [5.19-6.8, feb889fb40fa]")]
    public void A_reclaim_decision_names_the_entry_for_the_exact_version(string kernel, string line)
    {
        var lines = Run($"kernel {kernel}; set swap 64M; proc A; mmap buf 8K; write buf 8K; pin buf 4K rw longterm; fork B; trace on; swapout A buf 8K");
        Assert.Contains(line, lines);
        var plain = Run($"kernel {kernel}; set swap 64M; proc A; mmap buf 8K; write buf 8K; pin buf 4K rw longterm; fork B; swapout A buf 8K");
        Assert.DoesNotContain(plain, l => l.EndsWith(']'));
    }

    /// <summary>Every era's decisions in a script that takes most paths: each cites a commit of the facts table, or is a rule no fact governs.</summary>
    [Fact]
    public void Every_cited_commit_is_an_entry_of_the_facts_table()
    {
        var commits = EraFacts.All.Select(f => f.Commit).OfType<string>().ToHashSet();
        foreach (var era in EraTable.All)
        {
            var lines = Run($"kernel {era.Representative}; set swap 64M; proc A; mmap buf 2M thp; write buf; mmap small 16K; write small; fork B; "
                + "trace on; write A buf+0x1000; write B buf; write small; swapout small 4K; read small; write small; pin B small+0x1000 ro");
            foreach (var line in lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.EndsWith(']')))
            {
                var tag = Tag().Match(line);
                Assert.True(tag.Success, line);
                if (tag.Groups["commit"].Success)
                {
                    Assert.Contains(tag.Groups["commit"].Value, commits);
                }
            }
        }
    }

    [GeneratedRegex(@" \[[^\],]+(, (until )?(?<commit>[0-9a-f]{12}))?\]$")]
    private static partial Regex Tag();
}
