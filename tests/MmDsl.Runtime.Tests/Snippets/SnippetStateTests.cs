namespace MmDsl.Runtime.Tests.Snippets;

public sealed class SnippetStateTests
{
    private const string Setup = "proc A\nmmap buf 2M thp\nwrite A buf\nfork B\n";

    [Fact]
    public void A_trailing_expression_prints_as_the_language_prints_values()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        Assert.Equal("42\n", s.Ok("cs { 40 + 2 }"));
        Assert.Equal("0x400\n", s.Ok("cs { Proc(\"A\").Pfn(Var(\"buf\")) }"));
        Assert.Equal("true\n", s.Ok("cs { Proc(\"B\").PmdMapped(Var(\"buf\")) }"));
        Assert.Equal("A\nB\n", s.Ok("cs { Procs.Select(p => p.Name) }"));
        Assert.Equal(string.Empty, s.Ok("cs { var x = 1; }"));
        Assert.Equal(string.Empty, s.Ok("cs { Print(\"\") ; }").Trim());
        Assert.Equal("hi\n", s.Ok("cs { Print(\"hi\") }"));
        Assert.Equal("console\n", s.Ok("cs { Console.WriteLine(\"console\"); }"));
    }

    [Fact]
    public void Variables_methods_classes_and_usings_carry_from_one_snippet_to_the_next()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        s.Ok("cs {\n    using System.Globalization;\n    var count = 2;\n    int Twice(int x) => 2 * x;\n    class Box { public int V = 7; }\n}");
        Assert.Equal("4\n", s.Ok("cs { Twice(count) }"));
        Assert.Equal("7\n", s.Ok("cs { new Box().V }"));
        Assert.Equal("1,000\n", s.Ok("cs { 1000.ToString(\"N0\", CultureInfo.InvariantCulture) }"));
    }

    [Fact]
    public void Braces_in_strings_characters_and_comments_do_not_end_a_block()
    {
        var s = new SnippetSession();
        var output = s.Ok("cs {\n    var t = \"}\" + '}' + @\"}\"; // }\n    /* } */ t\n}");
        Assert.Equal("}}}\n", output);
    }

    [Fact]
    public void Cs_load_runs_a_file_of_helpers_in_the_same_state()
    {
        var s = new SnippetSession();
        var path = Path.Combine(Path.GetTempPath(), $"helpers-{Guid.NewGuid():N}.csx");
        File.WriteAllText(path, "long Mapped(string p) => Proc(p).Rss;\nvar loaded = true;\n");
        try
        {
            s.Ok(Setup);
            Assert.Contains("cs load:", s.Ok($"cs load {path}"));
            Assert.Equal("2097152\ntrue\n", s.Ok("cs { Mapped(\"A\") }\ncs { loaded }"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Expect_blocks_pass_fail_and_count_like_expect()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        Assert.Equal(string.Empty, s.Run("expect { Procs.Count == 2 }"));
        Assert.Equal(0, s.Session.FailedExpectations);
        var output = s.Run("proc A\nexpect {\n    Procs.Count ==\n        3\n}");
        Assert.Equal("test.mm:2: expect failed: { Procs.Count == 3 }\n", output);
        Assert.Equal(1, s.Session.FailedExpectations);
        Assert.Equal(0, s.Session.Errors);
    }

    [Fact]
    public void An_expect_block_needs_a_boolean_expression()
    {
        var s = new SnippetSession();
        Assert.StartsWith("test.mm:1:10: CS0029: Cannot implicitly convert type 'int' to 'bool'", s.Run("expect { 1 + 1 }"));
        Assert.StartsWith("test.mm:1:9: expect { } needs a boolean expression", s.Run("expect { var yes = true; }"));
        Assert.Equal(2, s.Session.Errors);
    }

    [Fact]
    public void Run_executes_commands_in_the_session_and_says_whether_they_succeeded()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        var output = s.Run("cs { var ok = Run(\"fork C from B\\nwrite C buf\"); var bad = Run(\"fork C\"); $\"{ok} {bad}\" }");
        Assert.Contains("C: fork of B (pid 3)", output);
        Assert.Contains("test.mm:1:", output);
        Assert.Contains("process 'C' already exists (in the commands Run gave, at <Run>:1:6)", output);
        Assert.EndsWith("True False\n", output);
        Assert.Equal(1, s.Session.Errors);
        // The snippet is one command of the history; the commands it ran are not.
        Assert.Equal("cs { var ok", s.Host.History[^1][..11]);
        s.AssertConsistent();
    }

    [Fact]
    public void Run_refuses_snippets_and_undo_inside_a_snippet()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        var output = s.Run("cs { Run(\"cs { 1 }\") && Run(\"undo\") }");
        Assert.Contains("a C# snippet cannot start another one (through Run) (in the commands Run gave, at <Run>:1:1)", output);
        Assert.EndsWith("false\n", output);
        Assert.Contains("undo cannot run inside a command", s.Run("cs { Run(\"undo\") }"));
        Assert.Equal(2, s.Procs());
    }

    [Fact]
    public void Views_read_the_current_machine_across_reset_and_undo()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        s.Ok("cs { var a = Proc(\"A\"); var machine = Machine; var swap = Swap; }");
        s.Ok("fork C");
        s.Ok("undo");
        Assert.Equal("2 True\n", s.Ok("cs { $\"{Procs.Count} {a.Exists}\" }"));
        s.Ok("reset");
        Assert.Equal("False 0 True\n", s.Ok("cs { $\"{a.Exists} {Folios.Count} {swap.Enabled}\" }"));
        s.Ok("kernel 5.10");
        Assert.Equal("5.10\n", s.Ok("cs { machine.Kernel }"));
    }

    [Fact]
    public async Task A_background_warm_up_starts_the_state_that_the_first_snippets_continue()
    {
        var s = new SnippetSession();
        var warm = s.Host.WarmUpSnippets();
        Assert.Equal("2\n", s.Ok("cs { var two = 1 + 1; two }"));
        await warm;
        Assert.Equal("3\n", s.Ok("cs { two + 1 }"));
        Assert.NotNull(s.Host.Snippets);
        await new Running.SessionServices().WarmUpSnippets();
    }

    [Fact]
    public void Snippets_are_refused_with_no_csharp()
    {
        var s = new SnippetSession();
        s.Session.NoCSharp = true;
        Assert.StartsWith("test.mm:1:1: C# snippets are disabled (--no-csharp or MMDSL_NO_CSHARP=1)", s.Run("cs { 1 }"));
        Assert.StartsWith("test.mm:1:1: C# snippets are disabled", s.Run("expect { true }"));
        Assert.StartsWith("test.mm:1:1: C# snippets are disabled", s.Run("cs load x.csx"));
        Assert.Null(s.Host.Snippets);
    }
}

internal static class SnippetSessionExtensions
{
    public static int Procs(this SnippetSession s) => s.Session.Processes.Count;
}
