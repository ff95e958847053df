using System.Diagnostics;
using System.Globalization;
using System.Text;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;
using MmDsl.Runtime.Engine;
using MmDsl.Runtime.Engine.Eras;
using MmDsl.Runtime.Engine.Mm;

namespace MmDsl.Repl.Cli;

/// <summary>
/// <c>mmdsl bench</c>: one <c>name=value</c> line per figure of the budget table in design.md,
/// measured on the engine with no events recorded (as a script's range access runs it).
/// </summary>
public static class Bench
{
    public static int Run(bool quick, TextWriter output)
    {
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
        for (var round = 0; round < 3; round++)
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
        for (var round = 0; round < 3; round++)
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
