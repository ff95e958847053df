using System.Text.RegularExpressions;
using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using MmDsl.Repl.Cli;
using MmDsl.Runtime.Running;

namespace MmDsl.Scripts.Tests;

/// <summary>
/// docs/language.md, the language reference: every <c>```mm</c> block is followed by a
/// <c>```text</c> block with exactly what <c>mmdsl run</c> prints for it, and the page describes
/// every command, query, setting, counter and subcommand there is.
/// </summary>
public partial class LanguageReferenceTests
{
    private static string DocsDirectory => Path.Combine(RepoPaths.Root, "docs");

    private static string Page => File.ReadAllText(Path.Combine(DocsDirectory, "language.md")).Replace("\r\n", "\n");

    [GeneratedRegex(@"```mm\n(.*?)```\n\n```text\n(.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex Example();

    /// <summary>The examples, by the line of the page where each starts.</summary>
    public static TheoryData<int> Examples()
    {
        var data = new TheoryData<int>();
        foreach (Match m in Example().Matches(Page))
        {
            data.Add(LineOf(Page, m.Index));
        }
        return data;
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_prints_what_the_page_shows(int line)
    {
        var page = Page;
        var example = Example().Matches(page).Single(m => LineOf(page, m.Index) == line);
        var script = example.Groups[1].Value;
        var shown = example.Groups[2].Value;
        // As `mmdsl run example.mm` in docs/ runs it.
        var output = new StringWriter { NewLine = "\n" };
        ScriptRunner.Run(
            new SourceText("example.mm", script) { BaseDirectory = DocsDirectory },
            new RunOptions { Snippets = SnippetHosts.Factory },
            output);
        Assert.True(shown == output.ToString(),
            $"docs/language.md:{line}: the example prints\n{output}\nbut the page shows\n{shown}");
    }

    [Fact]
    public void Every_script_block_has_its_output()
    {
        var page = Page;
        Assert.Equal(Regex.Matches(page, "```mm\n").Count, Example().Matches(page).Count);
        Assert.True(Example().Matches(page).Count >= 20);
    }

    [Fact]
    public void Every_command_and_keyword_is_described()
    {
        var page = Page;
        var missing = CommandTable.All.Select(c => c.Name).Where(n => !page.Contains($"`{n}", StringComparison.Ordinal))
            .Concat(CommandTable.All.SelectMany(c => c.Keywords).Distinct().Where(k => !Regex.IsMatch(page, $@"`[^`\n]*\b{Regex.Escape(k)}\b[^`\n]*`")))
            .ToList();
        Assert.True(missing.Count == 0, "docs/language.md does not mention: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_query_setting_and_counter_is_described()
    {
        var page = Page;
        var missing = QueryTable.All.Select(q => q.Name + "(").Where(q => !page.Contains("`" + q, StringComparison.Ordinal))
            .Concat(SettingTable.DisplayKeys.Where(k => !page.Contains($"`{k}`", StringComparison.Ordinal)))
            .Concat(CounterTable.Events.Concat(CounterTable.PerSize).Where(c => !page.Contains($"`{c}`", StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0, "docs/language.md does not mention: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_subcommand_and_option_of_the_command_line_is_described()
    {
        var help = new StringWriter();
        CommandLine.Run(["--help"], help, new StringWriter());
        var subcommands = help.ToString().Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0])
            .ToList();
        Assert.Contains("run", subcommands);
        var options = new List<string>();
        foreach (var sub in subcommands.Prepend(null))
        {
            var text = new StringWriter();
            CommandLine.Run(sub is null ? ["--help"] : [sub, "--help"], text, new StringWriter());
            options.AddRange(Regex.Matches(text.ToString(), @"(?<=\s)--[a-z][a-z-]*").Select(m => m.Value));
        }
        var page = Page;
        var missing = subcommands.Select(s => "mmdsl " + s).Concat(options.Distinct().Where(o => o != "--help"))
            .Where(w => !page.Contains(w, StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, "docs/language.md does not mention: " + string.Join(", ", missing));
    }
}
