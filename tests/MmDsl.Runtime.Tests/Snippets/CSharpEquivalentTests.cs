using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;

namespace MmDsl.Runtime.Tests.Snippets;

/// <summary>One prepared session shared by the <c>--csharp</c> tests (snippets there compile in milliseconds).</summary>
public sealed class EquivalentFixture
{
    public EquivalentFixture()
    {
        Session.Ok("""
            proc A
            mmap buf 2M thp
            write A buf = 7
            fork B
            write A buf + 0x1000 = 9
            pin A buf + 0x1000
            mmap small 16K
            write A small = 5
            swapout A small
            """);
    }

    internal SnippetSession Session { get; } = new();
}

/// <summary><c>--csharp</c> prints code that compiles and runs in a snippet, and computes what the command prints.</summary>
public sealed class CSharpEquivalentTests(EquivalentFixture fixture) : IClassFixture<EquivalentFixture>
{
    private SnippetSession S => fixture.Session;

    public static TheoryData<string> Queries()
    {
        var data = new TheoryData<string>();
        foreach (var q in QueryTable.All)
        {
            switch (q.Args)
            {
                case QueryArgs.ProcessAddress:
                    data.Add($"{q.Name}(A, buf + 0x1000)");
                    data.Add($"{q.Name}(B, buf)");
                    data.Add($"{q.Name}(small)");
                    break;
                case QueryArgs.Process:
                    data.Add($"{q.Name}(A)");
                    data.Add($"{q.Name}()");
                    break;
                case QueryArgs.Counter:
                    data.Add($"{q.Name}(pgfault)");
                    data.Add($"{q.Name}(cow_copy)");
                    break;
                default:
                    data.Add($"{q.Name}(#1)");
                    data.Add($"{q.Name}(#1, 8)");
                    break;
            }
        }
        data.Add("refcount(A, buf) + 2 * 4K - 1");
        data.Add("pfn(A, buf + 0x1000) + 1");
        data.Add("not present(A, small) and (pmd_mapped(B, buf) or thp(A, buf))");
        data.Add("mapcount(B, buf) >= 2");
        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Print_csharp_gives_code_that_computes_the_same_value(string query)
    {
        var code = S.Ok($"print {query} --csharp").TrimEnd('\n');
        var fromCSharp = S.Ok($"cs {{\n{code}\n}}").TrimEnd('\n');
        // value() may fault first and print the fault: the value is the last line.
        var fromDsl = S.Ok($"print {query}").TrimEnd('\n').Split('\n')[^1];
        Assert.Equal($"{query} = {fromCSharp}", fromDsl);
        S.AssertConsistent();
    }

    private static readonly string[] ShowCommands =
    [
        "show procs", "show maps", "show maps A", "show ptes", "show ptes A", "show ptes A buf 8K", "show ptes buf",
        "show refs", "show refs B", "show graph", "show graph B", "show graph A buf 8K", "show folio A buf", "show folio buf + 0x1000", "show folio A 0x7000_0000",
        "show swap", "show pins", "show stats",
    ];

    public static TheoryData<string> Shows() => new(ShowCommands);

    [Theory]
    [MemberData(nameof(Shows))]
    public void Show_csharp_gives_code_that_compiles_and_runs(string show)
    {
        var code = S.Ok($"{show} --csharp").TrimEnd('\n');
        Assert.NotEmpty(S.Ok($"cs {{\n{code}\n}}"));
    }

    [Fact]
    public void Every_show_kind_has_a_case()
    {
        var covered = ShowCommands.Select(t => t.Split(' ')[1]).ToHashSet();
        // show eras lists the model, not the machine: it has no C# form (see the next test).
        foreach (var kind in Enum.GetValues<ShowKind>().Where(k => k != ShowKind.Eras))
        {
            Assert.Contains(kind.ToString().ToLowerInvariant(), covered);
        }
    }

    [Fact]
    public void Show_eras_says_it_has_no_csharp_form()
    {
        Assert.Contains("show eras has no C# form", S.Run("show eras --csharp"), StringComparison.Ordinal);
    }

    [Fact]
    public void Refs_for_one_process_keep_the_folios_it_maps()
    {
        var code = S.Ok("show refs B --csharp").TrimEnd('\n');
        var output = S.Ok($"cs {{\n{code}\n}}");
        Assert.All(output.TrimEnd('\n').Split('\n'), line => Assert.Contains("B:", line));
    }
}
