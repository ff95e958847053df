using System.Diagnostics;
using System.Globalization;
using System.Text;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Mm;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Repl.Cli;

/// <summary>
/// <c>mmdsl bench</c>: one <c>name=value</c> line per figure of the budget table in BENCHMARKS.md,
/// measured on the engine with no events recorded (as a script's range access runs it).
/// </summary>
internal static class Bench
{
    /// <summary>Each figure is the best of this many runs: the machine may be shared, and the best run is the one least disturbed.</summary>
    private const int Rounds = 5;

    public static int Run(bool quick, TextWriter output)
    {
        Snippets(output);
        var pages = quick ? 1 << 18 : 1 << 20;
        Report(output, "pages", pages);
        AnonAndCow(pages, output);
        Mmap1T(output);
        Parse(quick ? 50_000 : 200_000, output);
        return 0;
    }

    private static void Report(TextWriter output, string name, double value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value:0.###}"));

    /// <summary>anon_fault_per_s, fork_ms, cow_fault_per_s, bytes_per_page on <paramref name="pages"/> 4K pages.</summary>
    private static void AnonAndCow(int pages, TextWriter output)
    {
        double bestAnon = 0, bestFork = double.MaxValue, bestCow = 0, bytes = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var machine = new Machine(KernelVersion.Latest);
            var a = machine.CreateProcess("A").Value;
            var size = (long)pages * PageTable.PageSize;
            var buf = machine.Mmap(a, null, size, new MmapOptions { NoHugePage = true }).Value;

            var before = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            for (long addr = buf; addr < buf + size; addr += PageTable.PageSize)
            {
                machine.Write(a, addr, 1);
            }
            sw.Stop();
            machine.LruAddDrain(string.Empty);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            bestAnon = Math.Max(bestAnon, pages / sw.Elapsed.TotalSeconds);
            bytes = (after - before) / (double)pages;

            sw.Restart();
            var b = machine.Fork(a, "B").Value;
            sw.Stop();
            bestFork = Math.Min(bestFork, sw.Elapsed.TotalMilliseconds);

            sw.Restart();
            for (long addr = buf; addr < buf + size; addr += PageTable.PageSize)
            {
                machine.Write(b, addr, 2);
            }
            sw.Stop();
            bestCow = Math.Max(bestCow, pages / sw.Elapsed.TotalSeconds);
            GC.KeepAlive(machine);
        }
        Report(output, "anon_fault_per_s", bestAnon);
        Report(output, "fork_ms", bestFork);
        Report(output, "cow_fault_per_s", bestCow);
        Report(output, "bytes_per_page", bytes);
    }

    /// <summary>mmap1t_us and mmap1t_bytes: mmap 1T and touch 10 pages spread over it.</summary>
    private static void Mmap1T(TextWriter output)
    {
        double best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < 5; round++)
        {
            var machine = new Machine(KernelVersion.Latest);
            var a = machine.CreateProcess("A").Value;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            var buf = machine.Mmap(a, null, 1L << 40, new MmapOptions()).Value;
            for (var i = 0; i < 10; i++)
            {
                machine.Write(a, buf + i * (1L << 40) / 10, (ulong)i);
            }
            sw.Stop();
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds);
        }
        Report(output, "mmap1t_us", best);
        Report(output, "mmap1t_bytes", bytes);
    }

    /// <summary>
    /// snippet_first_ms: a session's first <c>cs { }</c>, compiler loading included (run first, while
    /// this process has not loaded it), and the processor time it took on all threads (which a
    /// loaded machine inflates less); snippet_next_ms: the median of later snippets that each use
    /// the previous one's variable.
    /// </summary>
    private static void Snippets(TextWriter output)
    {
        var sink = new StringWriter();
        var session = new Session(sink);
        var interpreter = new Interpreter(session) { Host = new SessionServices(SnippetHosts.Factory), StopOnError = false };
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var ok = interpreter.RunText(new SourceText("bench", "proc A; mmap buf 2M thp; write A buf; cs { var n0 = Folios.Count; }"));
        sw.Stop();
        var first = sw.Elapsed.TotalMilliseconds;
        var firstCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var times = new List<double>();
        for (var i = 1; i <= 21 && ok; i++)
        {
            var text = $"cs {{ var n{i} = n{i - 1} + Proc(\"A\").RefCount(Var(\"buf\")); }}";
            sw.Restart();
            ok = interpreter.RunText(new SourceText("bench", text));
            sw.Stop();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        if (!ok || session.Errors > 0)
        {
            throw new InvalidOperationException("benchmark snippet failed: " + sink);
        }
        times.Sort();
        Report(output, "snippet_first_ms", first);
        Report(output, "snippet_first_cpu_ms", firstCpu);
        Report(output, "snippet_next_ms", times[times.Count / 2]);
    }

    private static void Parse(int lines, TextWriter output)
    {
        string[] samples =
        [
            "write A buf+0x1000 = 5",
            "mmap buf 2M thp",
            "expect refcount(A, buf) == 2",
            "fork B",
            "read B buf + 3*4K",
            "madvise A buf 4K dontneed",
        ];
        var sb = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            sb.Append(samples[i % samples.Length]).Append('\n');
        }
        var text = sb.ToString();
        double best = 0;
        for (var round = 0; round < Rounds * 2; round++)
        {
            var sw = Stopwatch.StartNew();
            var result = ScriptParser.Parse(new SourceText("bench", text));
            sw.Stop();
            if (!result.Success)
            {
                throw new InvalidOperationException("benchmark script does not parse");
            }
            best = Math.Max(best, lines / sw.Elapsed.TotalSeconds);
        }
        Report(output, "parse_lines_per_s", best);
    }
}
