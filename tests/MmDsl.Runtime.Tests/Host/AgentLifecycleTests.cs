using System.Diagnostics;
using MmDsl.LiveKernel;
using Xunit.Abstractions;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

[Collection(HostCollection.Name)]
public sealed class AgentLifecycleTests(ITestOutputHelper output)
{
    [HostFact]
    public void A_started_agent_reports_its_pid_and_base_and_maps_nothing_at_the_base()
    {
        using var agent = HostAgent.Start();

        Assert.True(AgentAlive(agent.Pid));
        Assert.Equal(HostAgentOptions.DefaultBase, agent.Base);
        Assert.Equal("ok " + agent.Pid, agent.SendRaw("pid"));
        Assert.DoesNotContain(Smaps.Read(agent.Pid), v => v.End > agent.Base && v.Start < agent.Base + HostAgentOptions.ScriptSpan);
    }

    [HostFact]
    public void Dispose_leaves_no_agent_and_no_supervisor_behind()
    {
        var agent = HostAgent.Start();
        var child = agent.Fork().Unwrap();
        var grandchild = child.Fork().Unwrap();
        int[] pids = [agent.Pid, child.Pid, grandchild.Pid, agent.SupervisorPid];
        output.WriteLine($"agent {pids[0]}, child {pids[1]}, grandchild {pids[2]}, supervisor {pids[3]}");
        Assert.Equal(4, AgentsOf(pids).Count);

        agent.Dispose();
        child.Dispose();
        grandchild.Dispose();

        Assert.True(Eventually(() => AgentsOf(pids).Count == 0), $"still running: {string.Join(", ", AgentsOf(pids))}");
    }

    [HostFact]
    public void Children_outlive_their_exited_parent_and_are_reaped_when_they_end()
    {
        using var parent = HostAgent.Start();
        using var child = parent.Fork().Unwrap();
        int parentPid = parent.Pid, childPid = child.Pid;

        Ok(parent.Exit());
        Assert.False(AgentAlive(parentPid));
        Assert.Equal("ok " + childPid, child.SendRaw("pid"));

        Ok(child.Exit());
        Assert.True(Eventually(() => !File.Exists($"/proc/{childPid}/stat")), "the exited child was not reaped");
    }

    [HostFact]
    public void Killing_an_agent_mid_command_fails_the_command_and_leaves_nothing_behind()
    {
        var agent = HostAgent.Start();
        int[] pids = [agent.Pid, agent.SupervisorPid];
        var running = Task.Run(() => agent.SendRaw("sleep 20000"));
        Thread.Sleep(200);

        agent.Kill();

        var error = Assert.Throws<AggregateException>(() => running.Wait(TimeSpan.FromSeconds(5)));
        Assert.IsType<HostAgentException>(error.InnerException);
        agent.Dispose();
        Assert.True(Eventually(() => AgentsOf(pids).Count == 0));
    }

    [HostFact]
    public void Dispose_from_another_thread_during_a_command_ends_the_agent()
    {
        var agent = HostAgent.Start();
        int[] pids = [agent.Pid, agent.SupervisorPid];
        var running = Task.Run(() => agent.SendRaw("sleep 20000"));
        Thread.Sleep(200);

        agent.Dispose();

        Assert.ThrowsAny<Exception>(() => running.Wait(TimeSpan.FromSeconds(5)));
        Assert.True(Eventually(() => AgentsOf(pids).Count == 0));
    }

    [HostFact]
    public void An_agent_whose_stdin_closes_exits()
    {
        string path = AgentLocator.Find(null, out _)!;
        using var process = Process.Start(new ProcessStartInfo(path, "--no-supervisor")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        Assert.StartsWith("ok mmdsl-agent", process.StandardOutput.ReadLine());

        process.StandardInput.Close();

        Assert.True(process.WaitForExit(5000));
        Assert.Equal(0, process.ExitCode);
    }

    [HostFact]
    public void Refused_commands_come_back_as_errno_names_and_the_agent_goes_on()
    {
        using var agent = HostAgent.Start();

        Assert.Equal("EINVAL", agent.Mmap(0x1001, K4, HostProtection.ReadWrite).ErrorOrNull?.Name);
        Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
        Assert.Equal("EEXIST", agent.Mmap(0, K4, HostProtection.ReadWrite).ErrorOrNull?.Name);
        Assert.Equal("SIGSEGV", agent.Read(0x10_0000).ErrorOrNull?.Name);
        Ok(agent.Mprotect(0, K4, HostProtection.Read));
        Assert.Equal("SIGSEGV", agent.Write(0, 1).ErrorOrNull?.Name);
        Assert.StartsWith("err EINVAL unknown command", agent.SendRaw("frobnicate"));
        Assert.StartsWith("err EINVAL", agent.SendRaw("mmap 0 nonsense rw private"));
        Assert.Equal(0UL, Ok(agent.Read(0)));
    }

    [HostFact]
    public void Mappings_land_exactly_at_base_plus_the_simulated_address()
    {
        using var agent = HostAgent.Start();

        Assert.Equal(0x40_0000UL, Ok(agent.Mmap(0x40_0000, 3 * K4, HostProtection.ReadWrite, HostMapFlags.Shared)));
        var vma = Assert.Single(Queries.ScriptVmas(agent).ValueOr([]));

        Assert.Equal(agent.Base + 0x40_0000, vma.Start);
        Assert.Equal(agent.Base + 0x40_0000 + 3 * K4, vma.End);
        Assert.Equal("rw-s", vma.Permissions);
        Assert.Equal(0x80_0000UL, Ok(agent.Mremap(0x40_0000, 3 * K4, 4 * K4, 0x80_0000)));
        Ok(agent.Munmap(0x80_0000, 4 * K4));
        Assert.Empty(Queries.ScriptVmas(agent).ValueOr([]));
    }

    [HostFact]
    public void An_agent_refuses_a_base_whose_span_overlaps_its_own_mappings()
    {
        var options = new HostAgentOptions { Base = 0x6000_0000_0000 };

        var error = Assert.Throws<HostAgentException>(() => HostAgent.Start(options));

        Assert.Contains("EEXIST", error.Message, StringComparison.Ordinal);
    }
}
