using MmDsl.Repl.Cli;

namespace MmDsl.Repl;

public static class Program
{
    public static int Main(string[] args) => CommandLine.Run(args, Console.Out, Console.Error);
}
