using MmDsl.Language.Text;

namespace MmDsl.Snippets;

/// <summary>
/// A snippet is trusted code and may end mmdsl itself (<c>Environment.Exit</c>) or crash it from a
/// thread of its own. Where the runtime still runs handlers, this says so on standard error, at the
/// snippet's place in the script, before the process goes. (A stack overflow ends it with no word.)
/// </summary>
internal static class SnippetExitNotice
{
    private static readonly object Gate = new();
    private static Span? s_running;
    private static bool s_hooked;

    /// <summary>Mark <paramref name="command"/> as the snippet now running; dispose to unmark.</summary>
    public static IDisposable Enter(Span command)
    {
        lock (Gate)
        {
            if (!s_hooked)
            {
                s_hooked = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Notice($"a C# snippet ended mmdsl (exit code {Environment.ExitCode})");
                AppDomain.CurrentDomain.UnhandledException += (_, e) =>
                    Notice($"mmdsl crashed while a C# snippet ran: {(e.ExceptionObject as Exception)?.GetType().FullName}: {(e.ExceptionObject as Exception)?.Message}");
            }
            s_running = command;
        }
        return new Leave();
    }

    private static void Notice(string what)
    {
        Span? running;
        lock (Gate)
        {
            running = s_running;
            s_running = null;
        }
        if (running is { } at)
        {
            Console.Error.WriteLine(new Diagnostic(Severity.Error, "MM900", at, what).Format());
            Console.Error.Flush();
        }
    }

    private sealed class Leave : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                s_running = null;
            }
        }
    }
}
