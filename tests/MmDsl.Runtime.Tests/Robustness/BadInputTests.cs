using CsCheck;
using MmDsl.Language.Commands;
using MmDsl.Language.Text;
using MmDsl.Engine.Checks;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Tests.Robustness;

/// <summary>
/// Whatever the input, the parser and the interpreter end in output and an exit code, never in
/// an unhandled exception, and the machine stays consistent.
/// </summary>
public class BadInputTests
{
    private static readonly string[] Words =
    [
        .. CommandTable.All.Select(c => c.Name).Where(n => n != "save"),
        .. Keywords.MmapFlags.Words, .. Keywords.Advices.Words, .. Keywords.ShowKinds.Words,
        .. QueryTable.All.Select(q => q.Name),
        "A", "B", "buf", "x", "i", "0x1000", "4K", "2M", "1G", "0", "-1", "512", "0xffffffffffffffff", "#1", "#2",
        "+", "-", "*", "(", ")", ",", "=", "==", "!=", "<", ">", "and", "or", "not", "{", "}", ";", "\n", "..", "in", "at", "to",
        "from", "\"f.mm\"", "# c", "// c", "latest", "5.16", "all", "on", "off", "always", "thp.64K",
    ];

    private static readonly Gen<string> Tokens =
        Gen.Int[0, Words.Length - 1].Select(i => Words[i]).Array[0, 40].Select(ws => string.Join(" ", ws));

    /// <summary>A few processes and mappings first, so that random commands reach the engine.</summary>
    private const string Prelude = "proc A\nmmap buf 2M thp\nwrite buf 8K\nfork B\npin A buf ro\n";

    [Fact]
    public void RandomTokenSequencesEndInADiagnosticOrOutput() =>
        Tokens.Sample(text => RunLineByLine(Prelude + text), iter: 2000);

    [Fact]
    public void RandomCharactersEndInADiagnosticOrOutput() =>
        Gen.Char.Array[0, 120].Select(cs => new string(cs)).Sample(text => RunWhole(text), iter: 2000);

    [Fact]
    public void RandomBytesEndInADiagnosticOrOutput() =>
        Gen.Byte.Array[0, 200].Select(b => System.Text.Encoding.Latin1.GetString(b)).Sample(text => RunWhole(text), iter: 1000);

    /// <summary>As a script: parsed whole, exit code 0, 1 or 2.</summary>
    private static void RunWhole(string text)
    {
        var output = new StringWriter();
        var exit = ScriptRunner.Run(new SourceText("fuzz", text), new RunOptions(), output);
        Assert.InRange(exit, 0, 2);
    }

    /// <summary>As the REPL runs it: each line on its own, going on after errors; the invariants hold after every line.</summary>
    private static void RunLineByLine(string text)
    {
        var session = new Session(new StringWriter());
        var interpreter = new MmDsl.Runtime.Scripting.Interpreter(session) { StopOnError = false };
        foreach (var line in text.Split('\n'))
        {
            interpreter.RunText(new SourceText("fuzz", line));
            var problems = InvariantChecker.Check(session.Machine);
            Assert.True(problems.Count == 0, $"after '{line}':\n" + string.Join("\n", problems));
        }
    }
}
