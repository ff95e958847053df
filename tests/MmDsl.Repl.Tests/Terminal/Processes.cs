using System.Diagnostics;

namespace MmDsl.Repl.Tests.Terminal;

/// <summary>Runs a program to its end, with a time limit, and keeps what it printed.</summary>
public static class Processes
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(IReadOnlyList<string> command, string? input = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("NO_COLOR");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {command[0]}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish in time");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
