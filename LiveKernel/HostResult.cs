using System.Diagnostics;

namespace MmDsl.LiveKernel;

/// <summary>The value of a command that has nothing to return.</summary>
internal readonly record struct Done;

/// <summary>
/// An error the kernel (or the agent) reported for one command: an errno name such as
/// <c>ENOMEM</c>, or <c>SIGSEGV</c>/<c>SIGBUS</c> when an access faulted.
/// </summary>
internal sealed record HostError(string Name, string Message)
{
    public bool IsSignal => Name.StartsWith("SIG", StringComparison.Ordinal);

    public override string ToString() => $"{Name} {Message}";
}

/// <summary>
/// The outcome of one agent command: the value, or the error the kernel returned. A refused
/// command is an expected outcome, not an exception; only a broken agent throws.
/// </summary>
internal abstract record HostResult<T>
{
    private HostResult()
    {
    }

    public sealed record Ok(T Value) : HostResult<T>;

    public sealed record Failed(HostError Error) : HostResult<T>;

    public bool IsOk => this is Ok;

    /// <summary>The error, or null on success.</summary>
    public HostError? ErrorOrNull => (this as Failed)?.Error;

    /// <summary>The value; a failure becomes a <see cref="HostCommandException"/>.</summary>
    public T Unwrap() => this switch
    {
        Ok ok => ok.Value,
        Failed failed => throw new HostCommandException(failed.Error),
        _ => throw new UnreachableException(),
    };

    public static HostResult<T> Fail(HostError error) => new Failed(error);

    public static HostResult<T> Success(T value) => new Ok(value);
}
