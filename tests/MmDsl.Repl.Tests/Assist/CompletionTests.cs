using MmDsl.Repl.Assist;
using MmDsl.Repl.Evaluation;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Tests.Assist;

public class CompletionTests
{
    private readonly ReplEngine _engine = new(new RunOptions(), new StringWriter());
    private readonly ScriptCompletion _completion;

    public CompletionTests()
    {
        _engine.Evaluate("proc A\nmmap buf 2M thp\nmmap small 16K\nproc B\nuse A", CancellationToken.None);
        _completion = new ScriptCompletion(_engine.Session);
    }

    private List<string> Complete(string before)
    {
        var start = before.Length;
        while (start > 0 && !char.IsWhiteSpace(before[start - 1]) && before[start - 1] is not ('(' or ',' or ';' or '{' or '"'))
        {
            start--;
        }
        return _completion.GetCompletions(before[..start], before[start..], string.Empty)!.Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Commands_at_the_start_of_a_statement()
    {
        Assert.Equal(["madvise", "memfd", "migrate", "mlock", "mmap", "mprotect", "mremap", "munlock", "munmap"], Complete("m"));
        Assert.Equal(["mprotect"], Complete("mp"));
    }

    [Fact]
    public void Subcommands() => Assert.Equal(["refs"], Complete("show r"));

    [Fact]
    public void Existing_processes_where_a_process_is_expected()
    {
        Assert.Equal(["A", "B"], Complete("use "));
        Assert.Equal(["B"], Complete("exit B"));
        Assert.Equal(["A", "B"], Complete("fork C from "));
    }

    [Fact]
    public void Mapping_names_and_processes_as_first_operand() =>
        Assert.Equal(["A", "B", "buf"], Complete("write ").Where(c => c is "A" or "B" or "buf").ToList());

    [Fact]
    public void Mapping_names_after_a_process() => Assert.Equal(["small"], Complete("write A sm"));

    [Fact]
    public void Madvise_advice() => Assert.Equal(["dofork", "dontfork", "dontneed"], Complete("madvise buf 4K do"));

    [Fact]
    public void Set_keys_and_their_values()
    {
        Assert.Contains("khugepaged.max_ptes_none", Complete("set k"));
        Assert.Contains("thp.64K", Complete("set thp."));
        Assert.Equal(["always"], Complete("set thp al"));
        Assert.Equal(["inherit"], Complete("set thp.16K i"));
    }

    [Fact]
    public void Kernel_versions_from_the_eras() => Assert.Equal(["latest"], Complete("kernel l"));

    [Fact]
    public void Kernel_versions_include_each_era() => Assert.Contains("6.18", Complete("kernel 6"));

    [Fact]
    public void Queries_and_their_arguments()
    {
        Assert.Equal(["refcount("], Complete("print ref"));
        Assert.Equal(["buf"], Complete("expect pfn(A, b"));
        Assert.Contains("cow_copy", Complete("print stat(co"));
    }

    [Fact]
    public void Nothing_inside_CSharp() => Assert.Empty(Complete("cs { var x = "));

    [Fact]
    public void Inside_a_loop_body() => Assert.Equal(["write"], Complete("for i in 0..4 { wri"));

    [Fact]
    public void File_names_after_include_run_and_cs_load()
    {
        var dir = Directory.CreateTempSubdirectory("mmdsl-complete");
        File.WriteAllText(Path.Combine(dir.FullName, "fork.mm"), "proc A\n");
        File.WriteAllText(Path.Combine(dir.FullName, "helpers.csx"), "");
        Directory.CreateDirectory(Path.Combine(dir.FullName, "more"));
        var d = dir.FullName + "/";
        Assert.Equal([d + "fork.mm"], Complete("run " + d + "f"));
        Assert.Equal([d + "fork.mm", d + "more/"], Complete("include \"" + d));
        Assert.Equal([d + "helpers.csx"], Complete("cs load " + d + "h"));
        dir.Delete(recursive: true);
    }
}
