using System.Text;
using CsCheck;
using MmDsl.Language.Commands;
using MmDsl.Language.Parsing;

namespace MmDsl.Language.Tests;

/// <summary>
/// No input, however malformed, makes the parser or the classifier throw; every diagnostic lies
/// inside the text; a failed parse says why.
/// </summary>
public class PropertyTests
{
    private static void Check(string text)
    {
        Robustness.AssertWellFormed(text, ScriptParser.Parse("p.mm", text));
        Robustness.AssertWellFormed(text, SyntaxClassifier.Classify(text, _ => NameKind.Unknown));
        ScriptParser.NeedsMoreInput(text);
    }

    [Fact]
    public void RandomStrings() => Gen.String[0, 200].Sample(Check, iter: 3000);

    [Fact]
    public void RandomBytes() =>
        Gen.Byte.Array[0, 200].Select(bytes => Encoding.UTF8.GetString(bytes)).Sample(Check, iter: 2000);

    [Fact]
    public void RandomAsciiWithLineBreaks() =>
        Gen.Char["abcdefghijklmnopqrstuvwxyzAKM0123456789_ #/\"'{}()[];,.=<>!+-*@$\\\n\t"].Array[0, 300]
            .Select(chars => new string(chars)).Sample(Check, iter: 3000);

    /// <summary>The language's own words, numbers, operators and brackets, in any order.</summary>
    private static readonly string[] Pieces =
    [
        .. CommandTable.All.Select(c => c.Name),
        .. CommandTable.All.SelectMany(c => c.Keywords),
        .. Keywords.Reserved,
        .. QueryTable.All.Select(q => q.Name),
        .. SettingTable.All.SelectMany(s => s.Words),
        "thp.16K", "thp.8K", "0", "7", "0x1000", "0x20_0000", "4K", "2M", "1GiB", "16T", "99999999999999999999", "4Q",
        "A", "B", "buf", "i", "p0", "_", "#1", "#2", "#", "#x", "//", "/*", "*/", "--csharp", "--x",
        "+", "-", "*", "(", ")", ",", "=", "==", "!=", "<", "<=", ">", ">=", "..", "{", "}", ";", "\n", "\r\n",
        "\"", "\"a b\"", "\"\\\"\"", "'", "'}'", "$\"", "@\"", "\"\"\"", "$$\"\"\"", "{{", "}}", "\\", "€", " ", "  ",
    ];

    [Fact]
    public void RandomSequencesOfTheLanguagesTokens() =>
        Gen.Int[0, Pieces.Length - 1].Array[0, 40]
            .Select(indexes => string.Join(" ", indexes.Select(i => Pieces[i])))
            .Sample(Check, iter: 4000);

    [Fact]
    public void RandomSequencesWithoutSpaces() =>
        Gen.Int[0, Pieces.Length - 1].Array[0, 30]
            .Select(indexes => string.Concat(indexes.Select(i => Pieces[i])))
            .Sample(Check, iter: 2000);

    [Fact]
    public void EachLineParsesOnItsOwn()
    {
        // A bad line never changes how the good lines around it parse.
        var good = new[] { "proc A", "mmap buf 2M thp", "write A buf+4K = 5", "fork B", "show refs", "expect rss(A) > 0" };
        Gen.Int[0, Pieces.Length - 1].Array[1, 12]
            .Select(indexes => string.Join(" ", indexes.Select(i => Pieces[i])).Replace("\n", " ").Replace("{", "").Replace("}", ""))
            .Sample(bad =>
            {
                var result = ScriptParser.Parse("p.mm", string.Join("\n", good.Take(3)) + "\n" + bad + "\n" + string.Join("\n", good.Skip(3)));
                var printed = SyntaxPrinter.Print(result.Script.Commands);
                Assert.True(printed.StartsWith("(proc A) (mmap buf 2097152s [Thp]) (write [A (+ buf 4096s)] = 5)", StringComparison.Ordinal), bad + " => " + printed);
                Assert.EndsWith("(fork B) (show Refs []) (expect (> (rss A) 0))", printed);
            }, iter: 2000);
    }
}
