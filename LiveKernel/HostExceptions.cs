namespace MmDsl.LiveKernel;

/// <summary>The agent broke: it died, timed out, or answered something outside the protocol.</summary>
internal class HostAgentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A command's error, raised only when a caller asked for it with <see cref="HostResult{T}.Unwrap"/>.</summary>
internal sealed class HostCommandException(HostError error) : Exception(error.ToString())
{
    public HostError Error { get; } = error;
}

/// <summary>The host backend cannot run here (not Linux, no agent binary, ...).</summary>
internal sealed class HostUnavailableException(string reason) : Exception(reason);
