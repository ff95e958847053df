using MmDsl.Repl.Cli;

namespace MmDsl.Repl;

internal static class Program
{
    public static int Main(string[] args)
    {
        if (!RunShortcut.TryRun(args, Console.Out, Console.Error, out var exit))
        {
            exit = CommandLine.Run(args, Console.Out, Console.Error);
        }
        LoadedAssemblies.ReportIfAsked(Console.Error);
        return exit;
    }
}
