using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MmDsl.Language.Commands;

namespace MmDsl.Repl.Assist;

/// <summary>
/// The TextMate grammar of <c>.mm</c> files (editors/mmdsl.tmLanguage.json), made from the command,
/// query, setting and counter tables, so that an editor colours what the parser reads. A test
/// fails when the committed file differs from <see cref="Generate"/>; <c>mmdsl grammar</c> prints it.
/// </summary>
internal static class TextMateGrammar
{
    public const string ScopeName = "source.mmdsl";

    public static string Generate()
    {
        var commands = CommandTable.All.Select(c => c.Name);
        var keywords = CommandTable.All.SelectMany(c => c.Keywords)
            .Concat(Keywords.Reserved.Where(w => w is not ("and" or "or" or "not" or "true" or "false")))
            .Where(w => !w.Contains('.'))
            .Concat(SettingTable.All.SelectMany(s => s.Words));
        var settings = SettingTable.All.Where(s => !s.PerSize).Select(s => s.Key);
        var sizedSettings = SettingTable.All.Where(s => s.PerSize).Select(s => s.Key);
        var queries = QueryTable.All.Select(q => q.Name);

        var grammar = new JsonObject
        {
            ["$schema"] = "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
            ["name"] = "MmDsl",
            ["scopeName"] = ScopeName,
            ["fileTypes"] = new JsonArray("mm"),
            ["comment"] = "Generated from Language/Commands by 'mmdsl grammar'; do not edit by hand.",
            ["patterns"] = new JsonArray(
                Include("comment"), Include("csharp"), Include("string"), Include("handle"), Include("setting"),
                Include("command"), Include("query"), Include("keyword"), Include("number"), Include("option"),
                Include("operator")),
            ["repository"] = new JsonObject
            {
                ["comment"] = Match("comment.line.mmdsl", @"(?:#(?![0-9])|//).*$"),
                ["csharp"] = new JsonObject
                {
                    ["comment"] = "cs { ... } and expect { ... } hold C#",
                    ["begin"] = @"\b(cs|expect)\s*(\{)",
                    ["beginCaptures"] = new JsonObject
                    {
                        ["1"] = Name("keyword.control.command.mmdsl"),
                        ["2"] = Name("punctuation.section.block.begin.mmdsl"),
                    },
                    ["end"] = @"\}",
                    ["endCaptures"] = new JsonObject { ["0"] = Name("punctuation.section.block.end.mmdsl") },
                    ["contentName"] = "meta.embedded.block.csharp",
                    ["patterns"] = new JsonArray(Include("csharp-braces"), new JsonObject { ["include"] = "source.cs" }),
                },
                ["csharp-braces"] = new JsonObject
                {
                    ["begin"] = @"\{",
                    ["end"] = @"\}",
                    ["patterns"] = new JsonArray(Include("csharp-braces"), new JsonObject { ["include"] = "source.cs" }),
                },
                ["string"] = new JsonObject
                {
                    ["name"] = "string.quoted.double.mmdsl",
                    ["begin"] = "\"",
                    ["end"] = "\"",
                },
                ["handle"] = Match("variable.other.handle.mmdsl", @"#[0-9]+"),
                ["command"] = new JsonObject
                {
                    ["comment"] = "a command: the first word of a statement (after the start of the line, ';' or '{')",
                    ["match"] = $@"(?:^|(?<=[;{{]))\s*\b({Words(commands)})\b",
                    ["captures"] = new JsonObject { ["1"] = Name("keyword.control.command.mmdsl") },
                },
                ["query"] = new JsonObject
                {
                    ["match"] = $@"\b({Words(queries)})\s*(?=\()",
                    ["captures"] = new JsonObject { ["1"] = Name("support.function.query.mmdsl") },
                },
                ["setting"] = new JsonObject
                {
                    ["comment"] = "set KEY: the keys of set, thp.SIZE among them",
                    ["match"] = $@"(?:^|(?<=[;{{]))\s*\b(set)\s+((?:{Words(sizedSettings)})\.[0-9]+[KMG]|{Words(settings)})(?=\s|$)",
                    ["captures"] = new JsonObject
                    {
                        ["1"] = Name("keyword.control.command.mmdsl"),
                        ["2"] = Name("variable.other.setting.mmdsl"),
                    },
                },
                ["keyword"] = new JsonObject
                {
                    ["match"] = $@"\b({Words(keywords)}|and|or|not|true|false)\b",
                    ["name"] = "keyword.other.mmdsl",
                },
                ["number"] = Match("constant.numeric.mmdsl",
                    @"\b(?:0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:[KMGTkmgt](?:i?[Bb])?)?)\b"),
                ["option"] = Match("constant.other.option.mmdsl", @"--[a-z][a-z-]*"),
                ["operator"] = Match("keyword.operator.mmdsl", @"==|!=|<=|>=|\.\.|[-+*=<>]"),
            },
        };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return grammar.ToJsonString(options).Replace("\r\n", "\n") + "\n";
    }

    /// <summary>The minimal VS Code extension that loads the grammar from the same directory.</summary>
    public static string Package() =>
        new JsonObject
        {
            ["name"] = "mmdsl",
            ["displayName"] = "MmDsl",
            ["description"] = "Syntax highlighting for MmDsl scripts (.mm)",
            ["version"] = "0.1.0",
            ["publisher"] = "mmdsl",
            ["engines"] = new JsonObject { ["vscode"] = "^1.60.0" },
            ["categories"] = new JsonArray("Programming Languages"),
            ["contributes"] = new JsonObject
            {
                ["languages"] = new JsonArray(new JsonObject
                {
                    ["id"] = "mmdsl",
                    ["aliases"] = new JsonArray("MmDsl", "mmdsl"),
                    ["extensions"] = new JsonArray(".mm"),
                    ["configuration"] = "./language-configuration.json",
                }),
                ["grammars"] = new JsonArray(new JsonObject
                {
                    ["language"] = "mmdsl",
                    ["scopeName"] = ScopeName,
                    ["path"] = "./mmdsl.tmLanguage.json",
                    ["embeddedLanguages"] = new JsonObject { ["meta.embedded.block.csharp"] = "csharp" },
                }),
            },
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n") + "\n";

    /// <summary>Comments, brackets and auto-closing pairs for VS Code.</summary>
    public static string LanguageConfiguration() =>
        new JsonObject
        {
            ["comments"] = new JsonObject { ["lineComment"] = "#" },
            ["brackets"] = new JsonArray(new JsonArray("{", "}"), new JsonArray("(", ")")),
            ["autoClosingPairs"] = new JsonArray(
                new JsonObject { ["open"] = "{", ["close"] = "}" },
                new JsonObject { ["open"] = "(", ["close"] = ")" },
                new JsonObject { ["open"] = "\"", ["close"] = "\"" }),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n") + "\n";

    /// <summary>The files of editors/, by name.</summary>
    public static IReadOnlyList<(string Name, string Text)> Files() =>
    [
        ("mmdsl.tmLanguage.json", Generate()),
        ("package.json", Package()),
        ("language-configuration.json", LanguageConfiguration()),
    ];

    /// <summary>Writes the files into <paramref name="directory"/>.</summary>
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in Files())
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }
    }

    private static string Words(IEnumerable<string> words) =>
        string.Join("|", words.Distinct(StringComparer.Ordinal).OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Select(Regex.Escape));

    private static JsonObject Include(string name) => new() { ["include"] = "#" + name };

    private static JsonObject Name(string name) => new() { ["name"] = name };

    private static JsonObject Match(string name, string pattern) => new() { ["name"] = name, ["match"] = pattern };
}
