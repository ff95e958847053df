using MmDsl.Repl.Cli;
using Xunit;

namespace MmDsl.Repl.Tests.Cli;

/// <summary>
/// The worlds of scripts/900-ideas: <c>mmdsl explore</c> of each <c>NAME.mm</c> (under the kernels
/// its <c># explore: kernel</c> line names, or its own) must print exactly <c>NAME.explore.out</c> (the states by depth, the costs, the shortest script of
/// each broken rule and its run), (the same with one worker: ExplorerTests).
/// </summary>
public sealed class ExploreGoldenTests
{
    public static TheoryData<string> Worlds()
    {
        var data = new TheoryData<string>();
        var root = Repository.Root() ?? throw new InvalidOperationException("no repository");
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "scripts"), "*.explore.out", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal))
        {
            data.Add(path[..^".explore.out".Length] + ".mm");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Worlds))]
    public void Explore_prints_the_golden_output(string world)
    {
        var root = Repository.Root()!;
        var full = Path.Combine(root, world);
        var expected = File.ReadAllText(full[..^".mm".Length] + ".explore.out").Replace("\r\n", "\n");
        foreach (var jobs in new[] { "2" })
        {
            var output = new StringWriter { NewLine = "\n" };
            var exit = CommandLine.Run(["explore", "--jobs", jobs, full], output, new StringWriter());
            var text = output.ToString().Replace(root.Replace('\\', '/') + "/", "", StringComparison.Ordinal);
            Assert.Equal(expected, text);
            Assert.Equal(expected.Contains("broke it", StringComparison.Ordinal) ? 1 : 0, exit);
        }
    }

    [Fact]
    public void Bad_usage_exits_2_with_a_message()
    {
        var output = new StringWriter();
        Assert.Equal(2, CommandLine.Run(["explore", "no-such-world.mm"], output, new StringWriter()));
        Assert.Contains("no such file", output.ToString(), StringComparison.Ordinal);
        var root = Repository.Root()!;
        output = new StringWriter();
        Assert.Equal(2, CommandLine.Run(["explore", "--ops", "fork,fly", Path.Combine(root, "scripts/900-ideas/ro-pin.mm")], output, new StringWriter()));
        Assert.Contains("unknown operation 'fly'", output.ToString(), StringComparison.Ordinal);
    }
}
