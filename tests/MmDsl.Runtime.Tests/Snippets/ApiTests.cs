using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using MmDsl.Runtime.Api;

namespace MmDsl.Runtime.Tests.Snippets;

public sealed partial class ApiTests
{
    [Fact]
    public void Every_example_of_the_API_page_runs_in_a_snippet()
    {
        var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "csharp-api.md"));
        var api = page[page.IndexOf("## The API", StringComparison.Ordinal)..page.IndexOf("## Embedding", StringComparison.Ordinal)];
        var setup = Fence().Match(api).Groups[1].Value;
        var examples = api.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|')[2].Trim().Trim('`'))
            .Concat(ForExample().Matches(api).Select(m => m.Groups[1].Value))
            .ToList();
        Assert.True(examples.Count > 100, $"only {examples.Count} examples found");
        var s = new SnippetSession();
        s.Ok(setup);
        foreach (var example in examples)
        {
            s.Ok($"cs {{ {example} }}");
        }
        s.AssertConsistent();
    }

    [Fact]
    public void Reading_every_view_changes_nothing()
    {
        var s = new SnippetSession();
        s.Ok("proc A\nmmap buf 2M thp\nwrite A buf\nfork B\nwrite B buf + 4K\npin A buf 8K\nmmap s 8K\nwrite A s\nswapout A s 8K\nmmap sh 8K shared\nwrite A sh");
        const string Everything = "show refs; show ptes; show maps; show swap; show pins; show stats; show procs";
        var before = s.Ok(Everything);
        s.Ok("""
            cs {
                var seen = new List<object?> { Machine, Machine.Era, Machine.Settings, Machine.Stats, Machine.Check(), Swap, Swap.UsedSlots, Handles };
                foreach (var p in Procs)
                {
                    seen.AddRange([p, p.Vmas, p.Ptes(), p.Parent, p.Rss, p.Swap]);
                    foreach (var v in p.Vmas)
                    {
                        seen.Add(p.Smaps(v));
                        for (var a = v.Start.Value; a < v.End; a += PageSize)
                        {
                            seen.AddRange([p.Pte(a), p.Pmd(a), p.Folio(a), p.Peek(a), p.Pfn(a), p.RefCount(a), p.MapCount(a), p.Pins(a),
                                p.Present(a), p.Writable(a), p.Swapped(a), p.AnonExclusive(a), p.MappedExclusive(a), p.PmdMapped(a),
                                p.Thp(a), p.Order(a), p.SwapCache(a)]);
                        }
                    }
                }
                foreach (var f in Folios)
                {
                    seen.AddRange([f, f.Mappers, f.Pages, f.Flags, f.SwapSlot, f.AnonExclusive, f.MaybeDmaPinned]);
                }
                seen.AddRange(Handles.Select(h => (object)h.Read()));
                seen.Count > 0
            }
            """);
        Assert.Equal(before, s.Ok(Everything));
        s.AssertConsistent();
    }

    [Fact]
    public void Views_offer_no_way_to_change_what_they_show()
    {
        var types = typeof(MmApi).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(MmApi).Namespace).ToList();
        Assert.Contains(typeof(FolioView), types);
        // Enums (a policy's decisions) are values: their one field, value__, is the runtime's.
        foreach (var type in types.Where(t => !t.IsEnum))
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var setter = property.SetMethod;
                Assert.True(
                    setter is null || !setter.IsPublic || setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)),
                    $"{type.Name}.{property.Name} has a public setter");
            }
            Assert.All(type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static), f => Assert.True(f.IsLiteral || f.IsInitOnly, $"{type.Name}.{f.Name}"));
        }
    }

    [Fact]
    public void A_program_can_embed_the_engine_through_the_same_API()
    {
        var output = new StringWriter();
        var mm = new MmApi(output, kernel: "5.16");
        Assert.True(mm.Run("proc A; mmap buf 2M thp; write A buf; fork B; write B buf + 0x1000"));
        Assert.Equal("5.16", mm.Machine.Kernel);
        var folio = mm.Proc("A").Folio(mm.Var("buf"))!;
        Assert.Equal(9, folio.Order);
        Assert.Contains(folio.Mappers, m => m.Process == "A");
        Assert.Empty(mm.Machine.Check());
        Assert.False(mm.Run("fork B"));
        Assert.Equal(1, mm.Errors);
        Assert.Contains("process 'B' already exists", output.ToString());
        Assert.Throws<ArgumentException>(() => mm.Proc("Z"));
        Assert.Throws<ArgumentException>(() => new MmApi(kernel: "nonsense"));
    }

    [Fact]
    public void Pfns_and_addresses_print_in_hex_and_compute_as_numbers()
    {
        var pfn = new Pfn(0x400);
        Assert.Equal("0x401", (pfn + 1).ToString());
        Assert.Equal(1024L, (long)pfn);
        Assert.True(pfn == 0x400);
        Assert.Equal(0x1000L, new Address(0x3000) - new Address(0x2000));
        Assert.Equal("1\n2", ValueText.Format(new[] { 1, 2 }));
        Assert.Equal("a: 1", ValueText.Format(new Dictionary<string, int> { ["a"] = 1 }));
        Assert.Equal("(empty)", ValueText.Format(Array.Empty<int>()));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MmDsl.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("MmDsl.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"```\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"e\.g\.\s+`([^`]+)`")]
    private static partial Regex ForExample();
}
