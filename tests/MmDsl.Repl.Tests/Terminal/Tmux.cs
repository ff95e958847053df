using System.Diagnostics;

namespace MmDsl.Repl.Tests.Terminal;

/// <summary>
/// A program running in a real terminal: a tmux server of its own (a private socket, no user
/// configuration), keys sent with send-keys, the screen read with capture-pane. Every call has
/// a time limit, and the server is killed when done.
/// </summary>
public sealed class Tmux : IDisposable
{
    private const string Session = "mmdsl";
    private readonly string _socket = $"mmdsl-test-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>tmux on the PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(dir => Path.Combine(dir, "tmux"))
            .FirstOrDefault(File.Exists);

    public void Start(string command, int width = 100, int height = 50)
    {
        Tmux_("-f", "/dev/null", "new-session", "-d", "-s", Session, "-x", $"{width}", "-y", $"{height}", command);
        Tmux_("set-option", "-t", Session, "remain-on-exit", "on");
    }

    /// <summary>Keys by tmux name (<c>Enter</c>, <c>Tab</c>, <c>C-c</c>, <c>Up</c>).</summary>
    public void Keys(params string[] keys) => Tmux_(["send-keys", "-t", Session, .. keys]);

    /// <summary>Text typed as is.</summary>
    public void Type(string text) => Tmux_("send-keys", "-t", Session, "-l", text);

    /// <summary>Paste text as a terminal does (tmux turns each newline into Enter).</summary>
    public void Paste(string text)
    {
        Run(text, "load-buffer", "-");
        Tmux_("paste-buffer", "-d", "-t", Session);
    }

    /// <summary>The screen and its scrollback, as plain text.</summary>
    public string Screen() => Tmux_("capture-pane", "-p", "-J", "-S", "-", "-t", Session).TrimEnd();

    /// <summary>The screen with its colours as escape codes.</summary>
    public string ScreenWithColours() => Tmux_("capture-pane", "-p", "-e", "-t", Session);

    /// <summary>The program in the pane has ended.</summary>
    public bool Exited() => Tmux_("display-message", "-p", "-t", Session, "#{pane_dead}").Trim() == "1";

    /// <summary>Wait until <paramref name="done"/> holds for the screen; fail with the screen after <paramref name="seconds"/>.</summary>
    public string WaitFor(Func<string, bool> done, string what, double seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var screen = Screen();
            if (done(screen))
            {
                return screen;
            }
            if (clock.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"waited {seconds}s for {what}; the screen:\n{screen}");
            }
            Thread.Sleep(40);
        }
    }

    /// <summary>Wait until the screen's last non-blank line is <paramref name="line"/>.</summary>
    public string WaitForLastLine(string line, double seconds = 20) =>
        WaitFor(s => LastLine(s) == line, $"the last line to read '{line}'", seconds);

    public static string LastLine(string screen) =>
        screen.Split('\n').Select(l => l.TrimEnd()).LastOrDefault(l => l.Length > 0) ?? string.Empty;

    public void Dispose()
    {
        try
        {
            Tmux_("kill-server");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }
    }

    private string Tmux_(params string[] args) => Run(null, args);

    private string Run(string? input, params string[] args)
    {
        var result = Processes.Run(["tmux", "-L", _socket, .. args], input, TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {result.Error.Trim()}");
        }
        return result.Output;
    }
}

/// <summary>A test that needs tmux: skipped, with the reason, where tmux is not installed.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (Tmux.Find() is null)
        {
            Skip = "tmux is not installed: the REPL's terminal test needs it (apt-get install -y tmux)";
        }
        else if (Repository.Mmdsl() is null)
        {
            Skip = "the mmdsl program was not found beside the tests or in Repl/bin";
        }
    }
}
