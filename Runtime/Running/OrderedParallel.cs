using System.Runtime.ExceptionServices;

namespace MmDsl.Runtime.Running;

/// <summary>
/// Independent pieces of work (a script per golden file, a run per kernel era) on several threads,
/// with results in the order of the pieces, as if they had run one after another.
/// </summary>
internal static class OrderedParallel
{
    /// <summary>
    /// <paramref name="work"/>(0) .. <paramref name="work"/>(<paramref name="count"/> - 1) on up
    /// to <paramref name="jobs"/> threads (the calling thread is one of them), the results in index
    /// order. Pieces start in index order. With one job, or one piece, it is a plain loop on the
    /// calling thread. When a piece throws, no later piece starts; the pieces already running
    /// finish, and the exception of the lowest piece that threw is rethrown as itself (not wrapped),
    /// which is the exception the plain loop would have ended with.
    /// </summary>
    public static T[] Map<T>(int count, int jobs, Func<int, T> work)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var results = new T[count];
        var threads = Math.Min(Math.Max(1, jobs), count);
        if (threads <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                results[i] = work(i);
            }
            return results;
        }
        var next = -1;
        var stop = 0;
        var failures = new ExceptionDispatchInfo?[count];
        void Worker()
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count)
                {
                    return;
                }
                try
                {
                    results[i] = work(i);
                }
                catch (Exception e)
                {
                    failures[i] = ExceptionDispatchInfo.Capture(e);
                    Volatile.Write(ref stop, 1);
                }
            }
        }
        // Dedicated threads: a piece may itself wait for pieces of its own (a compare inside a
        // run per era), which pool threads could starve.
        var helpers = new Task[threads - 1];
        for (var t = 0; t < helpers.Length; t++)
        {
            helpers[t] = Task.Factory.StartNew(Worker, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        Worker();
        Task.WaitAll(helpers);
        foreach (var failure in failures)
        {
            failure?.Throw();
        }
        return results;
    }
}
