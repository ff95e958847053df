using MmDsl.Language.Parsing;
using MmDsl.Repl.Editor;

namespace MmDsl.Repl.Tests.Editor;

public class EditorTests
{
    private static (PromptEditor Editor, ScriptedTerminal Keys) New(params string[] history)
    {
        var terminal = new ScriptedTerminal();
        var entries = new EntryHistory();
        foreach (var h in history)
        {
            entries.Add(h);
        }
        var editor = new PromptEditor(terminal, new EditorOptions
        {
            Prompt = line => line == 0 ? "A 6.18> " : "......> ",
            NeedsMoreInput = ScriptParser.NeedsMoreInput,
            History = entries,
        });
        return (editor, terminal);
    }

    [Fact]
    public void Enter_returns_the_line()
    {
        var (editor, keys) = New();
        keys.Type("proc A\n");
        Assert.Equal("proc A", editor.ReadEntry());
    }

    [Fact]
    public void Readline_keys_move_and_kill()
    {
        var (editor, keys) = New();
        keys.Type("write buf 4K").Ctrl(ConsoleKey.A).Type("# ").Ctrl(ConsoleKey.E).Type("!")
            .Alt(ConsoleKey.B).Ctrl(ConsoleKey.K).Type("8K").Press(ConsoleKey.Home).Ctrl(ConsoleKey.D).Ctrl(ConsoleKey.D)
            .Press(ConsoleKey.End).Type("\n");
        Assert.Equal("write buf 8K", editor.ReadEntry());
    }

    [Fact]
    public void Ctrl_W_and_Ctrl_U_kill_backwards_and_Ctrl_Y_yanks()
    {
        var (editor, keys) = New();
        keys.Type("read A buf").Ctrl(ConsoleKey.W).Type("0x1000").Alt(ConsoleKey.B).Ctrl(ConsoleKey.U)
            .Press(ConsoleKey.End).Type(" ").Ctrl(ConsoleKey.Y).Type("\n");
        Assert.Equal("0x1000 read A ", editor.ReadEntry());
    }

    [Fact]
    public void Alt_F_moves_a_word_forward()
    {
        var (editor, keys) = New();
        keys.Type("write buf").Ctrl(ConsoleKey.A).Alt(ConsoleKey.F).Type("A ").Type("\n");
        Assert.Equal("write A buf", editor.ReadEntry());
    }

    [Fact]
    public void An_open_block_continues_on_the_next_line()
    {
        var (editor, keys) = New();
        keys.Type("for i in 0..4 {\nwrite buf + i*4K\n}\n");
        Assert.Equal("for i in 0..4 {\nwrite buf + i*4K\n}", editor.ReadEntry());
    }

    [Fact]
    public void Alt_Enter_inserts_a_newline()
    {
        var (editor, keys) = New();
        keys.Type("proc A").Alt(ConsoleKey.Enter).Type("mmap 4K\n");
        Assert.Equal("proc A\nmmap 4K", editor.ReadEntry());
    }

    [Fact]
    public void Backspace_at_the_start_of_a_line_joins_it_to_the_line_above()
    {
        var (editor, keys) = New();
        keys.Type("cs {\n").Press(ConsoleKey.Backspace).Type(" 1 }\n");
        Assert.Equal("cs { 1 }", editor.ReadEntry());
    }

    [Fact]
    public void Pasted_lines_are_read_one_entry_at_a_time()
    {
        var (editor, keys) = New();
        keys.Pasted = true;
        keys.Type("proc A\nmmap buf 4K\nfor i in 0..2 {\nwrite buf\n}\n");
        Assert.Equal("proc A", editor.ReadEntry());
        Assert.Equal("mmap buf 4K", editor.ReadEntry());
        Assert.Equal("for i in 0..2 {\nwrite buf\n}", editor.ReadEntry());
        Assert.Equal(0, keys.Pending);
    }

    [Fact]
    public void A_long_pasted_line_is_drawn_once_not_once_per_key()
    {
        var terminal = new ScriptedTerminal { Pasted = true };
        var editor = new PromptEditor(terminal, new EditorOptions
        {
            Prompt = _ => "A 6.18> ",
            NeedsMoreInput = ScriptParser.NeedsMoreInput,
            Highlight = new MmDsl.Repl.Assist.ScriptHighlighter(new MmDsl.Runtime.Scripting.Session(new StringWriter())).Highlight,
        });
        var line = "print " + string.Concat(Enumerable.Repeat("1+", 10_000)) + "1";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        terminal.Type(line + "\n");
        Assert.Equal(line, editor.ReadEntry());
        Assert.True(terminal.Output.Length < 20 * line.Length, $"{terminal.Output.Length} characters written for a {line.Length}-character paste");
        Assert.True(watch.Elapsed.TotalSeconds < 20, $"took {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Up_and_Down_walk_the_history_filtered_by_the_typed_prefix()
    {
        var (editor, keys) = New("show refs", "write buf", "show maps", "write A buf");
        keys.Type("sh").Press(ConsoleKey.UpArrow).Type("\n");
        Assert.Equal("show maps", editor.ReadEntry());
        keys.Type("sh").Press(ConsoleKey.UpArrow).Press(ConsoleKey.UpArrow).Type("\n");
        Assert.Equal("show refs", editor.ReadEntry());
        keys.Type("sh").Press(ConsoleKey.UpArrow).Press(ConsoleKey.UpArrow).Press(ConsoleKey.DownArrow).Press(ConsoleKey.DownArrow).Type("ow\n");
        Assert.Equal("show", editor.ReadEntry());
        keys.Press(ConsoleKey.UpArrow).Type("\n");
        Assert.Equal("write A buf", editor.ReadEntry());
    }

    [Fact]
    public void Ctrl_R_searches_the_history_backwards()
    {
        var (editor, keys) = New("mmap buf 2M thp", "write buf", "mmap small 16K", "show refs");
        keys.Ctrl(ConsoleKey.R).Type("mma").Type("\n");
        Assert.Equal("mmap small 16K", editor.ReadEntry());
        keys.Ctrl(ConsoleKey.R).Type("mma").Ctrl(ConsoleKey.R).Press(ConsoleKey.End).Type(" nothp\n");
        Assert.Equal("mmap buf 2M thp nothp", editor.ReadEntry());
        Assert.Contains("(reverse-i-search)`mma': ", keys.Output.ToString());
    }

    [Fact]
    public void Ctrl_C_clears_the_line_and_Ctrl_D_on_an_empty_line_ends_input()
    {
        var (editor, keys) = New();
        keys.Type("write bu").Ctrl(ConsoleKey.C).Type("show refs\n");
        Assert.Equal("show refs", editor.ReadEntry());
        Assert.Contains("^C", keys.Output.ToString());
        keys.Type("x").Ctrl(ConsoleKey.A).Ctrl(ConsoleKey.D).Ctrl(ConsoleKey.D);
        Assert.Null(editor.ReadEntry());
    }

    [Fact]
    public void Ctrl_L_clears_the_screen_and_keeps_the_entry()
    {
        var (editor, keys) = New();
        keys.Type("show").Ctrl(ConsoleKey.L).Type(" refs\n");
        Assert.Equal("show refs", editor.ReadEntry());
        Assert.Contains("\u001b[2J", keys.Output.ToString());
    }

    [Fact]
    public void Tab_inserts_a_single_choice_and_lists_several_on_a_second_Tab()
    {
        var terminal = new ScriptedTerminal();
        var editor = new PromptEditor(terminal, new EditorOptions
        {
            Prompt = _ => "> ",
            Completion = new Choices(["refs", "procs", "ptes"]),
        });
        terminal.Type("show r").Press(ConsoleKey.Tab).Type("\n");
        Assert.Equal("show refs ", editor.ReadEntry());
        terminal.Type("show p").Press(ConsoleKey.Tab).Press(ConsoleKey.Tab).Type("tes\n");
        Assert.Equal("show ptes", editor.ReadEntry());
        Assert.Contains("procs  ptes\r\n", terminal.Output.ToString());
    }

    private sealed class Choices(string[] words) : RadLine.ITextCompletion
    {
        public IEnumerable<string>? GetCompletions(string prefix, string word, string suffix) => words;
    }

    [Fact]
    public void Completion_lists_choices_in_columns()
    {
        Assert.Equal("ab    cd\nefgh\n", PromptEditor.Columns(["ab", "efgh", "cd"], 13));
    }
}
