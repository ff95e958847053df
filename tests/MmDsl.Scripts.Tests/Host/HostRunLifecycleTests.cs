using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MmDsl.LiveKernel;
using Xunit.Abstractions;

namespace MmDsl.Scripts.Tests.Host;

/// <summary>
/// <c>mmdsl run --host</c> as a user runs it, in a process of its own: after success, after a
/// runtime error and after Ctrl-C, no agent is left, every knob it changed has its old value, the
/// swap file it activated (<c>--swap</c>) is gone, and the page it pinned is free.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class HostRunLifecycleTests(ITestOutputHelper output) : IDisposable
{
    private static readonly ThpSettings Settings = new();

    /// <summary>A swap file for the run where this machine can activate one.</summary>
    private static readonly string[] SwapArgs = TemporarySwap.WhyNot is null ? ["--swap", "16M"] : [];
    private readonly string _script = Path.Combine(Path.GetTempPath(), $"mmdsl-host-run-{Environment.ProcessId}.mm");

    /// <summary>Forks, pins a page and leaves it held by the pin alone, splices, changes a knob.</summary>
    private static string Setup(string ptesNone) => $"""
        set khugepaged.max_ptes_none {ptesNone}
        proc A
        mmap buf 8K
        write buf 8K
        pin A buf rw longterm
        print pfn(A, buf)
        munmap A buf 4K
        fork B
        vmsplice B buf+4K
        print 42
        """;

    [HostRunFact]
    public void A_run_that_succeeds_leaves_nothing_behind() => RunAndCheck(ending: "expect value(B, buf+4K) == 2", exitCode: 0, interrupt: false);

    [HostRunFact]
    public void A_run_that_fails_leaves_nothing_behind() => RunAndCheck(ending: "write C buf = 1", exitCode: 1, interrupt: false);

    [HostRunFact]
    public void Ctrl_C_during_a_run_leaves_nothing_behind() =>
        RunAndCheck(ending: "for i in 0..100000000 {\n  write B buf+4K = i\n}", exitCode: 1, interrupt: true);

    public void Dispose() => File.Delete(_script);

    private void RunAndCheck(string ending, int exitCode, bool interrupt)
    {
        var scan = Settings.Read("khugepaged.scan_sleep_millisecs");
        var ptesNone = Settings.Read("khugepaged.max_ptes_none");
        var pipeMax = File.ReadAllText("/proc/sys/fs/pipe-max-size").Trim();
        var swapsBefore = File.ReadAllLines("/proc/swaps").Length - 1;
        File.WriteAllText(_script, Setup(ptesNone == "77" ? "78" : "77") + "\n" + ending + "\n");

        using var run = Process.Start(WithDefaultSigint(["dotnet", Path.Combine(AppContext.BaseDirectory, "mmdsl.dll"), "run", "--host", .. SwapArgs, _script]))!;
        var lines = new List<string>();
        string? line;
        while ((line = run.StandardOutput.ReadLine()) is not null)
        {
            lines.Add(line);
            if (interrupt && line == "42 = 42")
            {
                Assert.NotEqual(ptesNone, Settings.Read("khugepaged.max_ptes_none"));
                Assert.Equal(KhugepagedParker.ParkedMilliseconds, Settings.Read("khugepaged.scan_sleep_millisecs"));
                Assert.True(swapsBefore > 0 || SwapArgs.Length == 0 || OurSwapFiles().Count == 1, "the run's swap file is not active");
                Thread.Sleep(200);
                Assert.Equal(0, Kill(run.Id, 2));
            }
        }
        var ended = run.WaitForExit(30_000);
        if (!ended)
        {
            run.Kill(entireProcessTree: true);
        }
        Assert.True(ended, "mmdsl did not end");
        output.WriteLine(string.Join("\n", lines) + run.StandardError.ReadToEnd());
        Assert.Equal(exitCode, run.ExitCode);

        var pids = lines.Select(l => Pid().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, pids.Count);
        Assert.True(Eventually(() => pids.All(p => !File.Exists($"/proc/{p}/stat"))), "left behind: " + string.Join(", ", pids.Where(p => File.Exists($"/proc/{p}/stat"))));
        Assert.Equal(scan, Settings.Read("khugepaged.scan_sleep_millisecs"));
        Assert.Equal(ptesNone, Settings.Read("khugepaged.max_ptes_none"));
        Assert.Equal(pipeMax, File.ReadAllText("/proc/sys/fs/pipe-max-size").Trim());
        Assert.Empty(OurSwapFiles());
        Assert.Empty(Directory.GetFiles(TemporarySwap.DefaultDirectory, "mmdsl-*.swap"));
        // A page faulted in moments ago is also held by its CPU's LRU-add batch: drain them all.
        File.WriteAllText("/proc/sys/vm/compact_memory", "1");
        var pfn = ulong.Parse(lines.Single(l => l.StartsWith("pfn(A, buf) = 0x", StringComparison.Ordinal))[16..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.True(Eventually(() => !HeldByPinOnly(pfn)), $"page 0x{pfn:x} is still pinned");
    }

    /// <summary>
    /// The command with SIGINT at its default: a test run started in the background by a
    /// non-interactive shell (a CI job, `cmd &`) ignores SIGINT, children inherit that, and .NET
    /// leaves an ignored SIGINT ignored, so the Ctrl-C this test sends would never arrive and the
    /// interrupted loop would run on.
    /// </summary>
    private static ProcessStartInfo WithDefaultSigint(string[] command)
    {
        using var probe = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "true"]) { RedirectStandardError = true });
        probe?.WaitForExit();
        string[] argv = probe is { ExitCode: 0 } ? ["--default-signal=INT", .. command] : command[1..];
        return new ProcessStartInfo(probe is { ExitCode: 0 } ? "env" : command[0], argv)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
    }

    /// <summary>
    /// An order-0 anonymous page that no page table maps: something else holds it (a pin, a pipe).
    /// A freed frame may come back as a page of another process's large folio, which looks the same.
    /// </summary>
    private static bool HeldByPinOnly(ulong pfn) =>
        (KPageFlags.Read(pfn) & (KPageFlag.Anon | KPageFlag.CompoundHead | KPageFlag.CompoundTail)) == KPageFlag.Anon
        && KPageCount.Read(pfn) == 0;

    /// <summary>Active swap files that a host run made.</summary>
    private static List<string> OurSwapFiles() =>
        [.. File.ReadAllLines("/proc/swaps").Skip(1).Where(l => l.Contains("/mmdsl-", StringComparison.Ordinal))];

    private static bool Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(20);
        }
        return true;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"\(pid (\d+)\)$")]
    private static partial Regex Pid();
}
