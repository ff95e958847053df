using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MmDsl.Language.Commands;
using MmDsl.Repl.Assist;

namespace MmDsl.Repl.Tests.Assist;

/// <summary>editors/: the TextMate grammar of .mm files is what the command table makes of it.</summary>
public class TextMateGrammarTests
{
    public static TheoryData<string> Files() => [.. TextMateGrammar.Files().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Files))]
    public void The_committed_file_is_the_generated_one(string name)
    {
        var root = Repository.Root() ?? throw new InvalidOperationException("no repository above the tests");
        var path = Path.Combine(root, "editors", name);
        var generated = TextMateGrammar.Files().Single(f => f.Name == name).Text;
        Assert.True(File.Exists(path), $"editors/{name} is missing: run 'mmdsl grammar' in the repository");
        Assert.True(File.ReadAllText(path).Replace("\r\n", "\n") == generated,
            $"editors/{name} differs from what the command table gives: run 'mmdsl grammar' in the repository and commit the result");
    }

    private static JsonObject Rule(string name) =>
        (JsonObject)JsonNode.Parse(TextMateGrammar.Generate())!["repository"]![name]!;

    private static Regex Pattern(string name, string key = "match") =>
        new((string)Rule(name)[key]!, RegexOptions.Multiline);

    [Fact]
    public void Every_command_starts_a_statement()
    {
        var command = Pattern("command");
        foreach (var c in CommandTable.All)
        {
            Assert.Equal(c.Name, command.Match(c.Name + " x").Groups[1].Value);
            Assert.Equal(c.Name, command.Matches("proc A; " + c.Name)[^1].Groups[1].Value);
        }
        Assert.False(command.Match("write buf").Groups[1].Value == "buf");
    }

    [Fact]
    public void Every_query_and_setting_is_known()
    {
        var query = Pattern("query");
        Assert.All(QueryTable.All, q => Assert.Equal(q.Name, query.Match($"print {q.Name}(A, buf)").Groups[1].Value));
        var setting = Pattern("setting");
        Assert.All(SettingTable.DisplayKeys, key =>
            Assert.Equal(key.Replace("SIZE", "64K"), setting.Match($"set {key.Replace("SIZE", "64K")} on").Groups[2].Value));
    }

    [Fact]
    public void A_handle_is_no_comment()
    {
        var comment = Pattern("comment");
        Assert.DoesNotMatch(comment, "unpin #1");
        Assert.Matches(comment, "write buf # a comment");
        Assert.Matches(comment, "// also a comment");
        Assert.Matches(Pattern("handle"), "#12");
    }

    [Fact]
    public void Every_keyword_of_every_command_is_coloured()
    {
        var keyword = Pattern("keyword");
        foreach (var word in CommandTable.All.SelectMany(c => c.Keywords).Where(w => !w.Contains('.')))
        {
            Assert.Equal(word, keyword.Match(word).Value);
        }
    }
}
