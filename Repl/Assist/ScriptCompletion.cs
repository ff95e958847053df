using MmDsl.Language.Commands;
using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Runtime.Scripting;
using RadLine;

namespace MmDsl.Repl.Assist;

/// <summary>
/// Tab completion for MmDsl, aware of where the cursor is: commands, subcommands, keywords and
/// settings from the command tables, process and mapping names from the live session, kernel
/// versions from the engine's eras, and file names after <c>include</c>, <c>run</c>,
/// <c>save</c>, <c>compare</c> and <c>cs load</c>.
/// </summary>
internal sealed class ScriptCompletion : ITextCompletion
{
    private readonly Session _session;

    public ScriptCompletion(Session session)
    {
        _session = session;
    }

    public IEnumerable<string>? GetCompletions(string prefix, string word, string suffix) =>
        Candidates(prefix, word).Where(c => c.StartsWith(word, StringComparison.Ordinal)).Distinct().ToList();

    private IEnumerable<string> Candidates(string prefix, string word)
    {
        if (InCSharp(prefix))
        {
            return [];
        }
        var statement = Statement(prefix);
        var words = statement.Split((char[])[' ', '\t', '"'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return CommandTable.All.Select(c => c.Name);
        }
        if (OpenParenthesis(statement) is { } function)
        {
            return function == "stat" ? VmEventNames.All : [.. Processes, .. Mappings, .. Variables];
        }
        var info = CommandTable.Find(words[0]);
        return info is null ? [] : Operand(info, words[1..], word);
    }

    /// <summary>Choices for the next operand of <paramref name="info"/>, after <paramref name="done"/>.</summary>
    private IEnumerable<string> Operand(CommandInfo info, string[] done, string word)
    {
        var index = done.Length;
        switch (info.Name)
        {
            case "help":
                return index == 0 ? CommandTable.All.Select(c => c.Name) : [];
            case "set":
                return index == 0 ? SettingKeys() : SettingWords(done[0]);
            case "kernel":
                return index == 0 ? [.. info.Keywords, .. EraPolicy.All.Select(e => e.Version.ToString())] : [];
            case "cs":
                return index == 0 ? info.Keywords : done[0] == "load" && index == 1 ? FileNames.For(word, ".csx") : [];
            case "show":
                return index == 0 ? info.Keywords : [.. Processes, .. Mappings];
            case "fork":
                return index == 1 ? info.Keywords : index == 2 ? Processes : [];
            case "for":
                return index == 1 ? info.Keywords : [.. Mappings, .. Variables];
            case "mmap":
                return index == 0 ? [] : info.Keywords;
            case "let":
                return index >= 2 ? Expression() : [];
        }
        return info.FirstOperand switch
        {
            OperandKind.File => index == 0 ? FileNames.For(word, info.Name == "save" ? null : ".mm") : [],
            OperandKind.Keyword => index == 0 ? info.Keywords : [],
            OperandKind.Process => index == 0 ? Processes : [],
            OperandKind.NewName => index == 0 && info.Name == "proc" ? Processes : [],
            OperandKind.Handle => index == 0 ? Handles : [],
            OperandKind.Expression => Expression(),
            OperandKind.OptionalProcess when index == 0 => [.. Processes, .. Mappings, .. info.Keywords, .. HandlesFor(info)],
            OperandKind.OptionalProcess => [.. Mappings, .. info.Keywords],
            _ => info.Keywords,
        };
    }

    private IEnumerable<string> Processes => _session.Processes.Select(p => p.Name);

    private IEnumerable<string> Mappings => _session.MappingNames.Order(StringComparer.Ordinal);

    private IEnumerable<string> Variables => _session.Names.Keys.Where(n => !_session.MappingNames.Contains(n));

    private IEnumerable<string> Handles => _session.Machine.Handles.Keys.Order().Select(n => $"#{n}");

    private IEnumerable<string> HandlesFor(CommandInfo info) => info.Name is "read" or "write" ? Handles : [];

    private IEnumerable<string> Expression() =>
        [.. QueryTable.All.Select(q => q.Name + "("), .. Mappings, .. Variables, .. Processes];

    private static IEnumerable<string> SettingKeys()
    {
        foreach (var s in SettingTable.All)
        {
            if (!s.PerSize)
            {
                yield return s.Key;
                continue;
            }
            // Per-size keys: thp.16K .. thp.1M, the mTHP sizes between a page and a PMD.
            for (var size = 16; size <= 1024; size *= 2)
            {
                yield return $"{s.Key}.{(size < 1024 ? $"{size}K" : "1M")}";
            }
        }
    }

    private static IEnumerable<string> SettingWords(string key)
    {
        var dot = key.LastIndexOf('.');
        var setting = SettingTable.Find(key, perSize: false)
            ?? (dot > 0 ? SettingTable.Find(key[..dot], perSize: true) : null);
        return setting?.Words ?? [];
    }

    /// <summary>The statement the cursor is in: the text after the last newline, <c>;</c> or brace.</summary>
    private static string Statement(string prefix)
    {
        var start = prefix.LastIndexOfAny(['\n', ';', '{', '}']);
        return prefix[(start + 1)..];
    }

    /// <summary>The query whose parentheses are open at the end of <paramref name="statement"/>, if any.</summary>
    private static string? OpenParenthesis(string statement)
    {
        var depth = 0;
        for (var i = statement.Length - 1; i >= 0; i--)
        {
            switch (statement[i])
            {
                case ')':
                    depth++;
                    break;
                case '(' when depth > 0:
                    depth--;
                    break;
                case '(':
                    var end = i;
                    while (i > 0 && (char.IsLetterOrDigit(statement[i - 1]) || statement[i - 1] == '_'))
                    {
                        i--;
                    }
                    return statement[i..end];
            }
        }
        return null;
    }

    /// <summary>The word is inside a C# block (<c>cs { ... }</c>, <c>expect { ... }</c>): no MmDsl there.</summary>
    private static bool InCSharp(string prefix)
    {
        var depth = 0;
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] == '}')
            {
                depth++;
            }
            else if (prefix[i] == '{' && depth-- == 0)
            {
                var head = Statement(prefix[..i]).TrimStart();
                return head.StartsWith("cs", StringComparison.Ordinal) || head.StartsWith("expect", StringComparison.Ordinal);
            }
        }
        return false;
    }
}
