using MmDsl.LiveKernel;
using Xunit.Abstractions;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class LiveSessionTests(ITestOutputHelper output)
{
    private static readonly ThpSettings Settings = new();

    [HostFact(HostRequirement.Khugepaged)]
    public void A_session_ends_every_agent_and_restores_every_knob()
    {
        string? scan = Settings.Read("khugepaged.scan_sleep_millisecs");
        string? ptesNone = Settings.Read("khugepaged.max_ptes_none");
        string wanted = ptesNone == "100" ? "101" : "100";
        var pids = new List<int>();

        using (var session = new LiveSession(new LiveSessionOptions { Settings = new Dictionary<string, string> { ["khugepaged.max_ptes_none"] = wanted } }))
        {
            var a = session.StartProcess();
            var b = a.Fork().Unwrap();
            var c = b.Fork().Unwrap();
            pids.AddRange([a.Pid, b.Pid, c.Pid, a.SupervisorPid]);
            Assert.Equal(3, session.Agents.Count);
            Assert.Equal(KhugepagedParker.ParkedMilliseconds, Settings.Read("khugepaged.scan_sleep_millisecs"));
            Assert.Equal(wanted, Settings.Read("khugepaged.max_ptes_none"));
            Assert.DoesNotContain(session.Uncontrolled(), n => n.Contains("max_ptes_none", StringComparison.Ordinal));
        }

        Assert.True(Eventually(() => AgentsOf(pids).Count == 0), $"still running: {string.Join(", ", AgentsOf(pids))}");
        Assert.Equal(scan, Settings.Read("khugepaged.scan_sleep_millisecs"));
        Assert.Equal(ptesNone, Settings.Read("khugepaged.max_ptes_none"));
    }

    [HostFact(HostRequirement.Thp)]
    public void Settings_that_are_only_compared_show_up_as_uncontrolled()
    {
        string? enabled = Settings.Read("thp");
        string other = enabled == "always" ? "never" : "always";

        using var session = new LiveSession(new LiveSessionOptions
        {
            ParkKhugepaged = false,
            ApplySettings = false,
            Settings = new Dictionary<string, string> { ["thp"] = other },
        });

        var noise = session.Uncontrolled();
        output.WriteLine(string.Join(Environment.NewLine, noise));
        Assert.Contains($"thp is '{enabled}' on this machine, the script sets '{other}'", noise);
    }

    [HostFact(HostRequirement.Collapse)]
    public void A_collapse_the_script_did_not_ask_for_is_reported()
    {
        using var session = new LiveSession(new LiveSessionOptions { ParkKhugepaged = false });
        using var own = session.StartProcess();
        Ok(own.Mmap(0, M2, HostProtection.ReadWrite));
        Ok(own.Write(0, 1));
        Ok(own.Madvise(0, M2, HostAdvice.Collapse));
        Assert.Empty(session.Uncontrolled());

        using (var stranger = HostAgent.Start())
        {
            Ok(stranger.Mmap(0, M2, HostProtection.ReadWrite));
            Ok(stranger.Write(0, 1));
            Ok(stranger.Madvise(0, M2, HostAdvice.Collapse));
        }

        Assert.Contains(session.Uncontrolled(), n => n.Contains("the script asked for 1", StringComparison.Ordinal));
    }

    [HostFact(HostRequirement.Khugepaged)]
    public void A_run_that_throws_still_ends_its_agents_and_restores_khugepaged()
    {
        string? scan = Settings.Read("khugepaged.scan_sleep_millisecs");
        var pids = new List<int>();

        Action failingRun = () =>
        {
            using var session = new LiveSession();
            var a = session.StartProcess();
            var b = a.Fork().Unwrap();
            pids.AddRange([a.Pid, b.Pid, a.SupervisorPid]);
            throw new InvalidOperationException("the script failed");
        };

        Assert.Throws<InvalidOperationException>(failingRun);
        Assert.True(Eventually(() => AgentsOf(pids).Count == 0));
        Assert.Equal(scan, Settings.Read("khugepaged.scan_sleep_millisecs"));
    }

    [HostFact]
    public void Stat_leaves_out_the_faults_of_the_agents_own_memory_after_fork()
    {
        using var session = new LiveSession(new LiveSessionOptions { ParkKhugepaged = false });
        var parent = session.StartProcess();
        Ok(parent.Mmap(0, K4, HostProtection.ReadWrite));
        Ok(parent.Write(0, 1));
        var child = parent.Fork().Unwrap();
        Ok(child.Exit());

        Ok(parent.Write(0, 2));

        // The agents' own warm-up after fork reuses about fifty pages; what is left is the parent's
        // one reuse, plus whatever other processes reused meanwhile (tens a second on a quiet machine).
        var reused = Assert.IsType<HostObservation<long>.Observed>(session.Stat("pgreuse")).Value;
        Assert.InRange(reused, 1, 20);
        Assert.IsType<HostObservation<long>.Unobservable>(session.Stat("cow_copy"));
    }
}
