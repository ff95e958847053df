namespace MmDsl.LiveKernel;

/// <summary>
/// What the live kernel says about one query: a value; or that user space can never see this
/// (<see cref="Unobservable"/>: an <c>expect</c> on it is skipped, never passed); or that this
/// machine cannot answer it now (<see cref="Unavailable"/>: not root, feature missing, ...).
/// </summary>
internal abstract record HostObservation<T>
{
    private HostObservation()
    {
    }

    public sealed record Observed(T Value) : HostObservation<T>
    {
        public override string ToString() => Value?.ToString() ?? "null";
    }

    public sealed record Unobservable(string Why) : HostObservation<T>
    {
        public override string ToString() => $"unobservable ({Why})";
    }

    public sealed record Unavailable(string Reason) : HostObservation<T>
    {
        public override string ToString() => $"unavailable ({Reason})";
    }

    public bool IsObserved => this is Observed;

    /// <summary>The value, or FALLBACK when there is none.</summary>
    public T ValueOr(T fallback) => this is Observed o ? o.Value : fallback;

    /// <summary>The same observation with its value mapped.</summary>
    public HostObservation<TOut> Select<TOut>(Func<T, TOut> map) => this switch
    {
        Observed o => new HostObservation<TOut>.Observed(map(o.Value)),
        Unobservable u => new HostObservation<TOut>.Unobservable(u.Why),
        Unavailable u => new HostObservation<TOut>.Unavailable(u.Reason),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}

/// <summary>Short constructors for <see cref="HostObservation{T}"/>.</summary>
internal static class HostObservation
{
    public static HostObservation<T> Observed<T>(T value) => new HostObservation<T>.Observed(value);

    public static HostObservation<T> Unobservable<T>(string why) => new HostObservation<T>.Unobservable(why);

    public static HostObservation<T> Unavailable<T>(string reason) => new HostObservation<T>.Unavailable(reason);
}
