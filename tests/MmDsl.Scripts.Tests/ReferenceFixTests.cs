using MmDsl.Engine;
using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Running;

namespace MmDsl.Scripts.Tests;

/// <summary>Where the language follows its reference, and says plainly what is wrong when a script does not.</summary>
public class ReferenceFixTests
{
    private static (string Output, int Exit) Run(string script)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = ScriptRunner.Run(new SourceText("t.mm", script), new RunOptions(), output);
        return (output.ToString(), exit);
    }

    [Fact]
    public void Mmap_sizes_are_whole_pages()
    {
        var (output, exit) = Run("proc A\nmmap b 3K\n");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("t.mm:2:8: mmap size 3K is not a multiple of 4K", output);
        Assert.Contains("         ^~", output);
        Assert.Equal(ExitCodes.Ok, Run("proc A\nmmap b 12K\n").Exit);
    }

    [Fact]
    public void Value_of_an_unmapped_address_faults_like_read_and_the_script_goes_on()
    {
        var (output, exit) = Run("proc A\nmmap b 4K\nprint value(A, 1M)\nread 1M\nprint 5\n");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("A: read 0x100000: SIGSEGV (no mapping)\nvalue(A, 1M) = 0\n", output);
        Assert.EndsWith("5 = 5\n", output);
    }

    [Theory]
    [InlineData("proc A\nmmap b 4K\nlet b = 3\nwrite b\n", "t.mm:3:5: 'b' already names a mapping (mmap b)")]
    [InlineData("proc A\nmmap b 4K\nfor b in 0..2 { write b }\n", "t.mm:3:5: 'b' already names a mapping (mmap b)")]
    public void A_value_does_not_hide_a_mapping(string script, string message)
    {
        var (output, exit) = Run(script);
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains(message, output);
        Assert.DoesNotContain("write", output.Split('\n').Last(l => l.Length > 0 && !l.StartsWith(' ')).Split(':')[^1]);
    }

    [Fact]
    public void A_value_may_be_bound_again()
    {
        var (output, exit) = Run("let x = 1\nlet x = 2\nfor x in 0..1 { print x }\n");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("x = 0", output);
    }

    [Fact]
    public void Show_stats_has_the_faults_by_kind()
    {
        var (output, _) = Run("proc A\nmmap b 2M thp\nwrite b\nfork B\nwrite b\nshow stats\n");
        Assert.Contains("pgfault                    2\n  anon fault               0\n  huge anon fault          1\n  wp fault                 1\n  huge wp fault            1\n  swap fault               0\n  shmem fault              0\n", output);
    }

    [Fact]
    public void An_operand_too_many_after_a_mapping_is_not_an_unknown_process()
    {
        var (output, exit) = Run("proc A\nmmap b 8K\nwrite b 8K extra\n");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("t.mm:3:12: too many operands: write [P] ADDR [SIZE] [= VALUE] ('b' is a mapping, not a process)", output);
        Assert.Contains("unknown process 'C' (processes: A)", Run("proc A\nmmap b 8K\nwrite C b 8K\n").Output);
    }

    [Fact]
    public void A_misspelt_keyword_is_named_with_the_nearest()
    {
        var (output, exit) = Run("proc A\nmmap b 4K\npin b 4K rw longtem\n");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("t.mm:3:13: 'longtem' is not a keyword of pin (did you mean 'longterm'?)", output);
        Assert.Contains("t.mm:1:8: 'frm' is not a keyword of fork (did you mean 'from'?)", Run("fork B frm A\n").Output);
    }

    [Fact]
    public void An_unknown_counter_is_a_syntax_error_like_an_unknown_function()
    {
        var (output, exit) = Run("print stat(pgfaults)\n");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("t.mm:1:12: unknown counter 'pgfaults' (did you mean 'pgfault'?)", output);
        Assert.Equal(ExitCodes.Usage, Run("print refcnt(\n").Exit);
        Assert.Equal(ExitCodes.Usage, Run("print refcnt(A, 0)\n").Exit);
        Assert.Contains("unknown counter 'nothing'; counters:", Run("print stat(nothing)\n").Output);
        Assert.Equal(ExitCodes.Ok, Run("print stat(split_deferred_64K)\n").Exit);
        Assert.Equal(ExitCodes.Usage, Run("print stat(split_deferred_8K)\n").Exit);
    }

    [Fact]
    public void The_parser_knows_every_counter_the_engine_counts()
    {
        Assert.Equal(VmEventNames.All, CounterTable.Events);
        Assert.Equal(MthpStatNames.All().Select(c => c.Name).Order(), CounterTable.All.Except(CounterTable.Events).Except(CounterTable.Ksm).Order());
    }

    [Theory]
    [InlineData("5.16", "  page   mapcount  mapped by\n  0x400  1         A:0x0 rw\n")]
    [InlineData("6.1", "  page   mapcount  exclusive  mapped by\n  0x400  1         yes        A:0x0 rw\n")]
    public void Show_folio_has_an_exclusive_column_only_where_PG_anon_exclusive_exists(string kernel, string table)
    {
        var (output, _) = Run($"kernel {kernel}\nproc A\nmmap b 4K\nwrite b\nshow folio b\n");
        Assert.EndsWith(table, output);
    }

    [Theory]
    [InlineData("run", "--bogus", "mmdsl run: unknown option '--bogus' (options: --kernel, --only-differences, --jobs, --trace, --full, --no-csharp, --host, --swap, --vm, --vm-modules, --vm-accel, --vm-cpus)")]
    [InlineData("run", "--trac", "mmdsl run: unknown option '--trac' (did you mean '--trace'?)")]
    [InlineData("diff", "--show-run", "mmdsl diff: unknown option '--show-run' (did you mean '--show-runs'?)")]
    public void An_unknown_option_is_not_a_missing_file(string command, string option, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Usage, CommandLine.Run([command, option], output, error));
        Assert.StartsWith(message, error.ToString());
    }

    [Theory]
    [InlineData(new string[] { "help" }, "Usage:")]
    [InlineData(new[] { "help", "run" }, " run <FILE>... [options]")]
    [InlineData(new[] { "help", "fork" }, "  fork - fork a process (copy_page_range)")]
    public void Help_is_a_command(string[] args, string expected)
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(args, output, new StringWriter()));
        Assert.Contains(expected, output.ToString());
    }

    [Fact]
    public void Help_of_an_unknown_topic_suggests_one()
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Usage, CommandLine.Run(["help", "mprotct"], new StringWriter(), error));
        Assert.Contains("(did you mean 'mprotect'?)", error.ToString());
    }
}
