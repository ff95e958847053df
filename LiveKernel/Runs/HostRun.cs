using MmDsl.Language.Syntax;
using MmDsl.LiveKernel;
using MmDsl.LiveKernel.Scripts;

using MmDsl.Runtime.Running;

namespace MmDsl.LiveKernel.Runs;

/// <summary><c>mmdsl run --host</c>: a script on the live kernel, from parsed script to exit code.</summary>
internal static class HostRun
{
    public static int Run(Script script, RunOptions options, TextWriter output)
    {
        if (options.Kernel is not null)
        {
            output.WriteLine("mmdsl: --kernel does not apply to --host: the host runs its own kernel");
            return ExitCodes.Usage;
        }
        try
        {
            var result = HostScriptRunner.Run(script, output, new HostRunOptions
            {
                Cancellation = options.Cancellation,
                Session = new LiveSessionOptions { SwapBytes = options.SwapBytes },
            });
            if (result.SyntaxErrors > 0)
            {
                return ExitCodes.Usage;
            }
            return result.Errors > 0 || result.FailedExpectations > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }
        catch (IOException e) when (options.SwapBytes is not null)
        {
            output.WriteLine($"mmdsl: --swap: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (HostUnavailableException e)
        {
            output.WriteLine($"mmdsl: --host: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (TimeoutException e)
        {
            output.WriteLine($"mmdsl: --host: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("mmdsl: interrupted; every agent ended and every setting restored");
            return ExitCodes.Failed;
        }
    }
}
