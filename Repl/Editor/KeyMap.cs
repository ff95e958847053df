using RadLine;

namespace MmDsl.Repl.Editor;

/// <summary>
/// The keys of the editor: readline's Emacs bindings, in RadLine's key bindings. RadLine's own
/// commands move the cursor within a line; the editor's own actions do what needs the whole
/// entry, the history or the screen.
/// </summary>
internal static class KeyMap
{
    private const ConsoleModifiers Ctrl = ConsoleModifiers.Control;
    private const ConsoleModifiers Alt = ConsoleModifiers.Alt;

    public static KeyBindings Create(PromptEditor editor)
    {
        var keys = new KeyBindings();

        // Keys without modifiers first: RadLine looks a plain key up by its first binding.
        keys.Add(ConsoleKey.Enter, () => Act(editor.Submit));
        keys.Add(ConsoleKey.Tab, () => Act(editor.Complete));
        keys.Add(ConsoleKey.Backspace, () => Act(editor.Backspace));
        keys.Add(ConsoleKey.Delete, () => Act(editor.Delete));
        keys.Add<MoveLeftCommand>(ConsoleKey.LeftArrow);
        keys.Add<MoveRightCommand>(ConsoleKey.RightArrow);
        keys.Add<MoveHomeCommand>(ConsoleKey.Home);
        keys.Add<MoveEndCommand>(ConsoleKey.End);
        keys.Add(ConsoleKey.UpArrow, () => Walk(editor.Up));
        keys.Add(ConsoleKey.DownArrow, () => Walk(editor.Down));

        keys.Add(ConsoleKey.Enter, Alt, () => Act(editor.NewLine));
        keys.Add(ConsoleKey.LeftArrow, Ctrl, () => new PreviousWordCommand());
        keys.Add(ConsoleKey.RightArrow, Ctrl, () => new NextWordCommand());

        keys.Add(ConsoleKey.A, Ctrl, () => new MoveHomeCommand());
        keys.Add(ConsoleKey.E, Ctrl, () => new MoveEndCommand());
        keys.Add(ConsoleKey.B, Ctrl, () => new MoveLeftCommand());
        keys.Add(ConsoleKey.F, Ctrl, () => new MoveRightCommand());
        keys.Add(ConsoleKey.H, Ctrl, () => Act(editor.Backspace));
        keys.Add(ConsoleKey.D, Ctrl, () => Act(editor.EndOfInputOrDelete));
        keys.Add(ConsoleKey.K, Ctrl, () => Act(editor.KillToEnd));
        keys.Add(ConsoleKey.U, Ctrl, () => Act(editor.KillToStart));
        keys.Add(ConsoleKey.W, Ctrl, () => Act(editor.KillWordBefore));
        keys.Add(ConsoleKey.Y, Ctrl, () => Act(editor.Yank));
        keys.Add(ConsoleKey.P, Ctrl, () => Walk(editor.Up));
        keys.Add(ConsoleKey.N, Ctrl, () => Walk(editor.Down));
        keys.Add(ConsoleKey.R, Ctrl, () => Act(editor.StartSearch));
        keys.Add(ConsoleKey.L, Ctrl, () => Act(editor.ClearScreen));
        keys.Add(ConsoleKey.C, Ctrl, () => Act(editor.Interrupt));
        keys.Add(ConsoleKey.J, Ctrl, () => Act(editor.Submit));

        keys.Add(ConsoleKey.B, Alt, () => new PreviousWordCommand());
        keys.Add(ConsoleKey.F, Alt, () => new NextWordCommand());
        keys.Add(ConsoleKey.D, Alt, () => Act(editor.KillWordAfter));
        return keys;
    }

    private static EditorCommand Act(Action action) => new(action);

    private static HistoryCommand Walk(Action action) => new(action);
}
