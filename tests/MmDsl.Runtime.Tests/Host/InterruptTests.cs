using System.Diagnostics;
using System.Globalization;
using MmDsl.LiveKernel;
using Xunit.Abstractions;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class InterruptTests(ITestOutputHelper output)
{
    private const string Program = """
        using MmDsl.LiveKernel;
        var session = new LiveSession(new LiveSessionOptions
        {
            Settings = new Dictionary<string, string> { ["khugepaged.max_ptes_none"] = args[0] },
        });
        var a = session.StartProcess();
        a.Mmap(0, 4096, HostProtection.ReadWrite).Unwrap();
        a.Write(0, 1).Unwrap();
        var pin = a.Pin(0, 4096).Unwrap();
        ulong pfn = Pagemap.ReadOne(a.Pid, a.RealAddress(0)).Pfn;
        a.Munmap(0, 4096).Unwrap();
        var b = a.Fork().Unwrap();
        Console.WriteLine($"ready {a.Pid} {b.Pid} {pfn}");
        Thread.Sleep(Timeout.Infinite);
        """;

    [HostHelperFact(HostRequirement.Khugepaged | HostRequirement.IoUringPin | HostRequirement.PageFrames)]
    public void Ctrl_C_leaves_no_agent_no_changed_setting_and_no_pinned_page_behind()
    {
        var settings = new ThpSettings();
        string? scan = settings.Read("khugepaged.scan_sleep_millisecs");
        string? ptesNone = settings.Read("khugepaged.max_ptes_none");
        string wanted = ptesNone == "77" ? "78" : "77";
        string dll = HelperProgram.Build("interrupted", Program);
        using var run = Process.Start(Start(dll, wanted))!;
        string ready = run.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the helper ended early");
        output.WriteLine(ready);
        string[] words = ready.Split(' ');
        int a = int.Parse(words[1], CultureInfo.InvariantCulture), b = int.Parse(words[2], CultureInfo.InvariantCulture);
        ulong pfn = ulong.Parse(words[3], CultureInfo.InvariantCulture);
        int supervisor = ParentOf(a);
        Assert.Equal(KhugepagedParker.ParkedMilliseconds, settings.Read("khugepaged.scan_sleep_millisecs"));
        Assert.Equal(wanted, settings.Read("khugepaged.max_ptes_none"));
        Assert.True(HeldByPinOnly(pfn));

        Assert.Equal(0, LibC.kill(run.Id, 2));

        var exited = run.WaitForExit(30_000);
        if (!exited)
        {
            run.Kill(entireProcessTree: true);
        }
        Assert.True(exited, "the helper ignored Ctrl-C");
        Assert.Equal(scan, settings.Read("khugepaged.scan_sleep_millisecs"));
        Assert.Equal(ptesNone, settings.Read("khugepaged.max_ptes_none"));
        int[] pids = [a, b, supervisor];
        Assert.True(Eventually(() => pids.All(p => !File.Exists($"/proc/{p}/stat"))),
            "left behind: " + string.Join(", ", pids.Where(p => File.Exists($"/proc/{p}/stat"))));
        Assert.True(Eventually(() => !HeldByPinOnly(pfn)), $"page 0x{pfn:x} is still pinned");
    }

    /// <summary>
    /// The helper with SIGINT at its default: a test run started in the background by a
    /// non-interactive shell (a CI job, `cmd &`) ignores SIGINT, children inherit that, and .NET
    /// leaves an ignored SIGINT ignored, so the Ctrl-C this test sends would never arrive.
    /// </summary>
    private static ProcessStartInfo Start(string dll, string argument)
    {
        using var probe = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "true"]) { RedirectStandardError = true });
        probe?.WaitForExit();
        return probe is { ExitCode: 0 }
            ? new ProcessStartInfo("env", ["--default-signal=INT", "dotnet", dll, argument]) { RedirectStandardOutput = true }
            : new ProcessStartInfo("dotnet", [dll, argument]) { RedirectStandardOutput = true };
    }

    private static bool HeldByPinOnly(ulong pfn) =>
        (KPageFlags.Read(pfn) & KPageFlag.Anon) != 0 && KPageCount.Read(pfn) == 0;

    private static int ParentOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
