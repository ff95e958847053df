using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MmDsl.Repl.Tests.Terminal;

/// <summary>
/// The REPL in a real terminal (tmux): a user's session typed key by key, with completion,
/// history, a block over several lines, a syntax error, Ctrl-C during a long loop, undo and
/// save, each step checked on the screen.
/// </summary>
public sealed partial class TerminalSessionTests : IDisposable
{
    private const string Prompt = "A 6.18> ";
    private readonly ITestOutputHelper _log;
    private readonly Tmux _tmux = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mmdsl-tmux");

    public TerminalSessionTests(ITestOutputHelper log)
    {
        _log = log;
    }

    [TmuxFact]
    public void A_session_typed_in_a_terminal()
    {
        var clock = Stopwatch.StartNew();
        var history = Path.Combine(_dir.FullName, "history");
        var saved = Path.Combine(_dir.FullName, "session.mm");
        var mmdsl = string.Join(' ', Repository.Mmdsl()!.Select(Quote));
        _tmux.Start($"cd {Quote(_dir.FullName)} && env -u NO_COLOR MMDSL_HISTORY={Quote(history)} {mmdsl}");
        _tmux.WaitForLastLine("- 6.18>", seconds: 60);

        Enter("proc A", expect: "A: new process");
        Enter("mmap buf 2M thp", expect: "A: mmap buf 0x0-0x200000");

        // Completion: a command, then a mapping name, each from a Tab.
        TypeAndWait("wri");
        Tab(Prompt + "write ");
        TypeAndWait("b", Prompt + "write b");
        Tab(Prompt + "write buf ");
        Enter(string.Empty, expect: "huge anon fault");
        TypeAndWait("show r");
        Tab(Prompt + "show refs ");
        Enter(string.Empty, expect: "anon thp");
        Assert.Contains("\u001b[", _tmux.ScreenWithColours());

        // History: Up recalls the last entry that starts with what was typed.
        TypeAndWait("mm");
        _tmux.Keys("Up");
        _tmux.WaitForLastLine(Prompt + "mmap buf 2M thp");
        _tmux.Keys("C-u");
        _tmux.WaitForLastLine(Prompt.TrimEnd());

        // A block: Enter on an open brace continues with the continuation prompt.
        Enter("for i in 1..4 {", expect: null);
        _tmux.WaitForLastLine("......>");
        Enter("write buf + i*4K", expect: null);
        _tmux.WaitForLastLine("......>");
        Enter("}", expect: "A: write 0x3000");

        // A syntax error shows the caret, and the session goes on.
        var screen = Enter("write buf +", expect: "expected an expression");
        Assert.Contains("  write buf +\n             ^", screen);
        Enter("print mapcount(A, buf)", expect: "mapcount(A, buf) = 1");

        // Ctrl-C stops a long loop, undoes it, and the prompt comes back.
        TypeAndWait("for i in 0..1000000000 { write buf + 8K }");
        _tmux.Keys("Enter");
        Thread.Sleep(700);
        _tmux.Keys("C-c");
        _tmux.WaitFor(s => s.Contains("interrupted: 'for i in 0..1000000000") && Tmux.LastLine(s) == Prompt.TrimEnd(), "the interrupted loop");

        // undo takes back the block; save writes the commands that rebuild the state.
        Enter("undo", expect: "undo: for i in 1..4 {");
        Enter("save session.mm", expect: "save: 3 commands to session.mm");
        Assert.Equal("# saved session: 3 commands\nproc A\nmmap buf 2M thp\nwrite buf\n", File.ReadAllText(saved));

        // Pasted lines run one after the other.
        _tmux.Paste("print 6*7\nprint rss(A)\n");
        _tmux.WaitFor(s => s.Contains("6*7 = 42") && s.Contains("rss(A) = ") && AtPrompt(s), "the pasted lines to run");

        // Ctrl-C at the prompt clears the line; Ctrl-D on an empty line leaves.
        TypeAndWait("show pro");
        _tmux.Keys("C-c");
        _tmux.WaitFor(s => s.Contains(Prompt + "show pro^C") && Tmux.LastLine(s) == Prompt.TrimEnd(), "Ctrl-C to clear the line");
        _log.WriteLine(_tmux.Screen());
        _tmux.Keys("C-d");
        _tmux.WaitFor(_ => _tmux.Exited(), "mmdsl to exit on Ctrl-D");

        var kept = File.ReadAllText(history);
        Assert.Contains("for i in 1..4 {\\nwrite buf + i*4K\\n}", kept);
        Assert.Single(kept.Split('\n'), l => l == "mmap buf 2M thp");
        _log.WriteLine($"the terminal session took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [TmuxFact]
    public void NO_COLOR_keeps_the_terminal_plain()
    {
        var mmdsl = string.Join(' ', Repository.Mmdsl()!.Select(Quote));
        _tmux.Start($"cd {Quote(_dir.FullName)} && env NO_COLOR=1 MMDSL_HISTORY={Quote(Path.Combine(_dir.FullName, "history"))} {mmdsl}");
        _tmux.WaitForLastLine("- 6.18>", seconds: 60);
        Enter("proc A", expect: "A: new process");
        Enter("mmap buf 4K", expect: "A: mmap buf");
        Enter("write buf + 0x1000", expect: "SIGSEGV");
        Assert.DoesNotContain('\u001b', _tmux.ScreenWithColours());
    }

    /// <summary>Type a line, check it is on the screen, press Enter, and wait for its output and the next prompt.</summary>
    private string Enter(string text, string? expect)
    {
        if (text.Length > 0)
        {
            TypeAndWait(text);
        }
        _tmux.Keys("Enter");
        if (expect is null)
        {
            return _tmux.Screen();
        }
        return _tmux.WaitFor(s => s.Contains(expect, StringComparison.Ordinal) && AtPrompt(s), $"'{expect}' and the prompt");
    }

    /// <summary>Type text and wait until the prompt's line reads <paramref name="line"/> (by default the prompt and the text).</summary>
    private void TypeAndWait(string text, string? line = null)
    {
        line ??= Tmux.LastLine(_tmux.Screen()) + " " + text;
        _tmux.Type(text);
        _tmux.WaitFor(s => Tmux.LastLine(s) == line.TrimEnd(), $"'{line}' on the screen");
    }

    private void Tab(string expected)
    {
        _tmux.Keys("Tab");
        _tmux.WaitFor(s => Tmux.LastLine(s) == expected.TrimEnd(), $"Tab to complete to '{expected}'");
    }

    /// <summary>The screen ends with an empty prompt (<c>A 6.18&gt;</c>, <c>- 6.18&gt;</c>).</summary>
    private static bool AtPrompt(string screen) => PromptLine().IsMatch(Tmux.LastLine(screen));

    [GeneratedRegex(@"^\S+ \d+\.\d+>$")]
    private static partial Regex PromptLine();

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public void Dispose()
    {
        _tmux.Dispose();
        _dir.Delete(recursive: true);
    }
}
