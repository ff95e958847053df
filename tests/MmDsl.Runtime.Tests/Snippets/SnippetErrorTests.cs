namespace MmDsl.Runtime.Tests.Snippets;

/// <summary>Compile errors, exceptions and cancellation: where and what they say, and that the session survives them.</summary>
public sealed class SnippetErrorTests
{
    private const string Setup = "proc A\nmmap buf 2M thp\nwrite A buf\nfork B\ncs { var before = 41; }\n";

    [Fact]
    public void A_compile_error_names_its_place_in_the_script_and_the_compilers_message()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        var output = s.Run("write A buf + 0x1000\ncs {\n    var n = 1;\n    n = \"two\";\n}");
        Assert.StartsWith("test.mm:4:9: CS0029: Cannot implicitly convert type 'string' to 'int'\n      n = \"two\";\n          ^~~~~\n", output.Split('\n', 2)[1]);
        AssertIntact(s);
    }

    [Fact]
    public void Every_compile_error_is_printed_and_the_first_line_maps_past_the_brace()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        var output = s.Run("  cs { undefinedName +\n  alsoUndefined }");
        var lines = output.Split('\n');
        Assert.StartsWith("test.mm:1:8: CS0103: The name 'undefinedName' does not exist in the current context", lines[0]);
        Assert.Contains("test.mm:2:3: CS0103: The name 'alsoUndefined' does not exist in the current context", output);
        Assert.Equal(1, s.Session.Errors);
        AssertIntact(s);
    }

    [Fact]
    public void An_exception_prints_its_type_message_and_the_snippet_line()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        var output = s.Run("cs {\n    var k = 0;\n    Print(k); Print(10 / k);\n}");
        Assert.Equal("0\ntest.mm:3:15: System.DivideByZeroException: Attempted to divide by zero.\n      Print(k); Print(10 / k);\n                ^~~~~~~~~~~~~~\n", output);
        AssertIntact(s);
    }

    [Fact]
    public void An_exception_inside_a_helper_points_at_the_helpers_line()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        s.Ok("cs {\n    long RefOf(string p) =>\n        Proc(p).RefCount(Var(\"buf\"));\n}", "helpers.mm");
        var output = s.Run("cs { RefOf(\"Z\") }");
        Assert.StartsWith("helpers.mm:3:9: System.ArgumentException: unknown process 'Z' (processes: A, B)\n          Proc(p).RefCount(Var(\"buf\"));\n", output);
        AssertIntact(s);
    }

    [Fact]
    public void Variables_assigned_before_an_exception_keep_their_values()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        s.Run("cs { var partial = 5; Run(\"fork C\"); throw new InvalidOperationException(\"stop\"); }");
        Assert.Equal("5 3\n", s.Ok("cs { $\"{partial} {Procs.Count}\" }"));
        AssertIntact(s);
    }

    [Fact]
    public void Ctrl_C_cancels_a_snippet_where_it_checks_and_says_where()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        s.Ok("cs {\n    var spins = 0L;\n    void Spin()\n    {\n        while (true)\n        {\n            spins++;\n            Cancellation.ThrowIfCancellationRequested();\n        }\n    }\n}");
        using var cancel = new CancellationTokenSource();
        s.Session.Cancellation = cancel.Token;
        cancel.CancelAfter(TimeSpan.FromSeconds(1));
        var output = s.Run("cs { Spin(); }", "spin.mm");
        Assert.Equal("test.mm:8:13: snippet cancelled (Ctrl-C)", output.Split('\n')[0]);
        Assert.Equal(1, s.Session.Errors);
        s.Session.Cancellation = CancellationToken.None;
        Assert.Equal("true\n", s.Ok("cs { spins > 0 }"));
        AssertIntact(s);
    }

    [Fact]
    public void Ctrl_C_stops_the_commands_of_a_Run_between_two_commands()
    {
        var s = new SnippetSession();
        s.Ok(Setup);
        s.Ok("cs {\n    void Writes()\n    {\n        for (var n = 0; ; n++)\n            Run($\"write A buf + {n % 512} * 4K\");\n    }\n}");
        using var cancel = new CancellationTokenSource();
        s.Session.Cancellation = cancel.Token;
        cancel.CancelAfter(TimeSpan.FromSeconds(1));
        var output = s.Run("cs { Writes(); }");
        Assert.Contains("test.mm:5:13: snippet cancelled (Ctrl-C)", output);
        s.Session.Cancellation = CancellationToken.None;
        AssertIntact(s);
    }

    /// <summary>The machine is consistent and the earlier snippet's variable is still defined.</summary>
    private static void AssertIntact(SnippetSession s)
    {
        s.AssertConsistent();
        Assert.Equal("42\n", s.Ok("cs { before + 1 }"));
    }
}
