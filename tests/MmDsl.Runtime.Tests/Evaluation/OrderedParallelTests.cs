using MmDsl.Language.Text;
using MmDsl.Runtime.Running;

namespace MmDsl.Runtime.Tests.Evaluation;

/// <summary>
/// <see cref="OrderedParallel"/>: results in index order whatever the threads, and on a failure the
/// exception a plain loop would have ended with, unwrapped. Nothing here waits on a clock.
/// </summary>
public sealed class OrderedParallelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    public void Results_come_in_index_order(int jobs)
    {
        var results = OrderedParallel.Map(100, jobs, i => i * i);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * i), results);
    }

    [Fact]
    public void Nothing_to_do_gives_nothing()
    {
        Assert.Empty(OrderedParallel.Map(0, 4, i => i));
    }

    [Fact]
    public void One_job_is_a_loop_on_the_calling_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var threads = OrderedParallel.Map(5, 1, _ => Environment.CurrentManagedThreadId);
        Assert.All(threads, t => Assert.Equal(caller, t));
    }

    [Fact]
    public void Several_jobs_run_pieces_at_once()
    {
        // Both pieces wait until both have started: only two threads at once can finish this.
        using var both = new Barrier(2);
        var results = OrderedParallel.Map(2, 2, i => both.SignalAndWait(TimeSpan.FromMinutes(1)) ? i : -1);
        Assert.Equal([0, 1], results);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_lowest_failing_piece_is_rethrown_as_itself(int jobs)
    {
        var e = Assert.Throws<InvalidOperationException>(() => OrderedParallel.Map(10, jobs, i => i is 4 or 7 ? throw new InvalidOperationException($"piece {i}") : i));
        Assert.Equal("piece 4", e.Message);
    }

    [Fact]
    public void A_cancellation_stays_an_operation_cancelled_exception()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => OrderedParallel.Map(4, 4, _ =>
        {
            cancel.Token.ThrowIfCancellationRequested();
            return 0;
        }));
    }

    [Fact]
    public void No_piece_starts_after_one_failed()
    {
        // With one job the plain loop stops at the failure; with more, pieces start in index order
        // and none after the failure was seen: piece 0 fails before any other can finish.
        var started = new int[50];
        Assert.Throws<InvalidOperationException>(() => OrderedParallel.Map(50, 2, i =>
        {
            Interlocked.Increment(ref started[i]);
            if (i == 0)
            {
                throw new InvalidOperationException();
            }
            return i;
        }));
        // Piece 0 threw, so its worker stops; the other worker may have taken a few pieces, but
        // every piece taken was taken in order: no gap before the last one started.
        var last = Array.FindLastIndex(started, s => s > 0);
        Assert.All(started.Take(last + 1), s => Assert.Equal(1, s));
        Assert.All(started.Skip(last + 1), s => Assert.Equal(0, s));
    }

    [Fact]
    public void Pieces_may_run_pieces_of_their_own()
    {
        var results = OrderedParallel.Map(4, 4, i => OrderedParallel.Map(4, 4, j => (i * 4) + j).Sum());
        Assert.Equal([6, 22, 38, 54], results);
    }

    [Theory]
    [InlineData("cs { var x = 1; }\n", true)]
    [InlineData("for i in 0..2 {\n  expect { 1 == 1 }\n}\n", true)]
    [InlineData("proc A\nmmap buf 4K\nexpect refcount(A, buf) == 0\n", false)]
    public void A_script_that_can_run_csharp_is_told_apart(string text, bool csharp)
    {
        var parsed = Language.Parsing.ScriptParser.Parse(new SourceText("t.mm", text));
        Assert.True(parsed.Success);
        Assert.Equal(csharp, CSharpUse.MayRun(parsed.Script));
    }

    [Fact]
    public void A_snippet_in_an_included_file_counts()
    {
        var dir = Directory.CreateTempSubdirectory("mmdsl-csuse-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "inner.mm"), "cs { }\n");
            File.WriteAllText(Path.Combine(dir, "plain.mm"), "proc A\n");
            bool MayRun(string text)
            {
                var parsed = Language.Parsing.ScriptParser.Parse(new SourceText(Path.Combine(dir, "outer.mm"), text) { BaseDirectory = dir });
                return CSharpUse.MayRun(parsed.Script);
            }
            Assert.True(MayRun("include \"inner.mm\"\n"));
            Assert.False(MayRun("include \"plain.mm\"\n"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
