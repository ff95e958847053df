using MmDsl.Engine.Eras;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Exploring;
using MmDsl.Runtime.Running;

namespace MmDsl.Repl.Tests.Snippets;

/// <summary><c>policy NAME : VERSION { }</c>, <c>policy load</c> and <c>kernel NAME</c> (docs/policies.md).</summary>
public sealed class PolicyTests
{
    private static (int Exit, string Output) Run(string text, bool noCSharp = false, string path = "t.mm")
    {
        var output = new StringWriter { NewLine = "\n" };
        var source = new SourceText(path, text) { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) };
        var exit = ScriptRunner.Run(source, new RunOptions { Snippets = SnippetHosts.Factory, NoCSharp = noCSharp }, output);
        return (exit, output.ToString());
    }

    private const string Scenario = """
        proc A
        mmap buf 4K
        write buf = 1
        fork B
        exit B
        let p = pfn(A, buf)
        write A buf = 2
        print pfn(A, buf) == p
        """;

    [Fact]
    public void A_policy_replaces_the_decision_it_overrides_and_says_so()
    {
        var (exit, output) = Run("""
            policy always-copy : 6.18 {
                public override WriteDecision WriteFault(WriteFault f) => f.Copy("never reuse");
            }
            kernel always-copy
            """ + "\n" + Scenario);
        Assert.Equal(0, exit);
        Assert.Contains("policy always-copy : 6.18 (era 6.15+)", output, StringComparison.Ordinal);
        Assert.Contains("kernel always-copy: policy always-copy on 6.18 (era 6.15+)", output, StringComparison.Ordinal);
        Assert.Contains("wp fault -> copy 0x400 -> 0x401 (never reuse)", output, StringComparison.Ordinal);
        Assert.Contains("pfn(A, buf) == p = false", output, StringComparison.Ordinal);

        // The same scenario under 6.18 itself reuses: the policy made the difference.
        Assert.Contains("pfn(A, buf) == p = true", Run("kernel 6.18\n" + Scenario).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_all_gives_a_policy_the_script_defines_a_column_of_its_own()
    {
        var output = new StringWriter { NewLine = "\n" };
        var text = """
            policy always-copy : 6.18 {
                public override WriteDecision WriteFault(WriteFault f) => f.Copy("never reuse");
            }
            """ + "\n" + Scenario;
        var exit = ScriptRunner.Run(new SourceText("t.mm", text), new RunOptions { Kernel = "all", Snippets = SnippetHosts.Factory }, output);
        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n');
        Assert.Matches(@"^ +<=5\.7 +5\.8 +5\.9-5\.17 +5\.18 +5\.19-6\.8 +6\.9-6\.14 +6\.15\+ +always-copy$", lines[1]);
        Assert.Matches(@"^\* +print pfn\(A, buf\) == p +true +true +false +true +true +true +true +false$", lines[2]);
    }

    [Fact]
    public void Compare_gives_each_policy_of_the_session_a_column()
    {
        var (exit, output) = Run("""
            policy always-copy : 6.18 {
                public override WriteDecision WriteFault(WriteFault f) => f.Copy("never reuse");
            }
            compare { proc A; mmap buf 4K; write buf = 1; fork B; exit B; let p = pfn(A, buf); write A buf = 2; print pfn(A, buf) == p }
            """);
        Assert.Equal(0, exit);
        Assert.Contains("6.15+  always-copy", output, StringComparison.Ordinal);
        Assert.Matches(@"print pfn\(A, buf\) == p +true +true +false +true +true +true +true +false", output);
    }

    [Fact]
    public void A_policy_can_make_fork_copy_pages_no_pin_holds()
    {
        var (exit, output) = Run("""
            policy eager : 5.16 {
                public override bool ForkCopies(ForkedPage p) => p.IsAnon || p.Kernel();
            }
            kernel eager
            proc A
            mmap buf 4K
            write buf = 1
            fork B
            expect pfn(A, buf) != pfn(B, buf)
            check
            """);
        Assert.Equal(0, exit);
        Assert.Contains("B: fork copies 0x0 at once: 0x400 -> 0x401 (policy eager: ForkCopies)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_asks_the_kernel_the_policy_derives_from()
    {
        var (exit, output) = Run("""
            policy same : 5.16 {
                public override WriteDecision WriteFault(WriteFault f) => base.WriteFault(f);
                public override bool ForkCopies(ForkedPage p) => p.Kernel();
            }
            kernel same
            """ + "\n" + Scenario);
        Assert.Equal(0, exit);
        // 5.16's own answer, reason and all: the LRU-add batch's reference makes it copy.
        const string decided = "A: write 0x0 = 2: wp fault -> copy 0x400 -> 0x401 (page_count 2 != 1 (lru batch 1))";
        Assert.Contains(decided, output, StringComparison.Ordinal);
        Assert.Contains(decided, Run("kernel 5.16\n" + Scenario).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compile_error_points_into_the_script()
    {
        var (exit, output) = Run("proc A\npolicy bad : 6.18 {\n    public override WriteDecision WriteFault(WriteFault f) => f.Nope();\n}\n");
        Assert.Equal(1, exit);
        Assert.Contains("t.mm:3:65: CS1061: 'WriteFault' does not contain a definition for 'Nope'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_that_throws_stops_the_command_with_its_position()
    {
        var (exit, output) = Run("""
            policy boom : 6.18 {
                public override WriteDecision WriteFault(WriteFault f) => throw new InvalidOperationException("no");
            }
            kernel boom
            proc A
            mmap buf 4K
            write buf = 1
            fork B
            write A buf = 2
            """);
        Assert.Equal(1, exit);
        Assert.Contains("t.mm:9:1: policy boom threw in do_wp_page: System.InvalidOperationException: no", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kernel nosuch\n", "t.mm:1:8: no policy 'nosuch'")]
    [InlineData("policy 6x : 6.18 { }\n", "t.mm:1:8: '6x' is not a policy name")]
    [InlineData("policy p : 6.x { }\n", "t.mm:1:12: '6.x' is not a kernel version")]
    public void Bad_names_and_versions_are_positioned_errors(string text, string expected) =>
        Assert.Contains(expected, Run(text).Output, StringComparison.Ordinal);

    [Fact]
    public void No_csharp_refuses_a_policy()
    {
        var (exit, output) = Run("policy p : 6.18 { }\n", noCSharp: true);
        Assert.NotEqual(0, exit);
        Assert.Contains("C# snippets are disabled", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_load_takes_every_policy_class_of_a_file()
    {
        var dir = Directory.CreateTempSubdirectory("mmdsl-policy-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "rules.cs"), """
                sealed class Never : Policy
                {
                    public override string Name => "never-reuse";
                    public override string Base => "6.18";
                    public override WriteDecision WriteFault(WriteFault f) => f.Copy("from a file");
                }
                abstract class NotOne : Policy { }
                """);
            var script = Path.Combine(dir, "t.mm");
            var (exit, output) = Run("policy load rules.cs\nkernel never-reuse\n" + Scenario, path: script);
            Assert.Equal(0, exit);
            Assert.Contains("policy never-reuse : 6.18 (era 6.15+)", output, StringComparison.Ordinal);
            Assert.Contains("(from a file)", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Explore_searches_under_a_policy_the_setup_selects()
    {
        const string text = """
            # explore: processes A B
            # explore: ops fork exit write
            # explore: depth 3
            policy always-copy : 6.18 {
                public override WriteDecision WriteFault(WriteFault f) => f.Copy("never reuse");
            }
            kernel always-copy
            set memory 64M
            proc A
            mmap buf 4K
            write A buf = 1
            """;
        var (world, error) = ExploreWorld.Parse("w.mm", text);
        Assert.Null(error);
        var (root, setup) = ExploreRoot.Build(world!, null, SnippetHosts.Factory);
        Assert.Null(setup);
        Assert.Equal("always-copy", root!.Policy);
        var policy = Explorer.Run(root, new ExploreOptions { Jobs = 2 });
        Assert.Empty(policy.Findings);

        // Copying every time costs more than 6.18 on the same world.
        Assert.True(KernelVersion.TryParse("6.18", out var v));
        var (plainRoot, _) = ExploreRoot.Build(world!, v, SnippetHosts.Factory);
        var plain = Explorer.Run(plainRoot!, new ExploreOptions { Jobs = 2 });
        Assert.True(policy.Cost.Copies > plain.Cost.Copies, $"{policy.Cost.Copies} vs {plain.Cost.Copies}");
    }
}
