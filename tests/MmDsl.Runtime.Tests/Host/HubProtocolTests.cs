using System.Text;
using System.Text.RegularExpressions;
using MmDsl.LiveKernel;
using static MmDsl.Runtime.Tests.Host.HostTestKit;

namespace MmDsl.Runtime.Tests.Host;

/// <summary>
/// Protocol v2 at the line level: whatever a hub or an agent is sent, it answers with an error and
/// goes on serving (docs/host-protocol.md).
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class HubProtocolTests
{
    /// <summary>A local hub driven line by line, without <see cref="HubConnection"/>.</summary>
    private sealed class RawHub : IDisposable
    {
        private readonly LocalHubTransport transport = new(AgentLocator.Find(null, out _)!);
        private readonly StreamReader reader;

        public RawHub() => reader = new StreamReader(transport.FromHub, Encoding.ASCII);

        public void Send(string line)
        {
            transport.ToHub.Write(Encoding.ASCII.GetBytes(line + "\n"));
            transport.ToHub.Flush();
        }

        public string Read()
        {
            var line = reader.ReadLineAsync();
            Assert.True(line.Wait(TimeSpan.FromSeconds(20)), "the hub did not answer");
            return line.Result ?? throw new InvalidOperationException("the hub closed its output");
        }

        public string Ask(string line)
        {
            Send(line);
            return Read();
        }

        /// <summary>Spawns an agent and returns its id.</summary>
        public string Spawn(int seq)
        {
            string answer = Ask($"0 {seq} spawn");
            Assert.StartsWith($"0 {seq} ok ", answer);
            return answer.Split(' ')[3];
        }

        public void AssertServing() => Assert.StartsWith("0 99 ok mmdsl-hub 2 ", Ask("0 99 hello"));

        public void Dispose() => transport.Dispose();
    }

    [HostFact]
    public void Garbage_lines_get_an_error_each_and_the_hub_goes_on()
    {
        using var hub = new RawHub();
        foreach (string garbage in new[] { "garbage", "", "   ", "1", "x 1 hello", "1 x hello", "-1 2 hello", "99999999999 1 pid", "\u00ff\u00fe 1 2" })
            Assert.StartsWith("0 0 err EINVAL malformed request", hub.Ask(garbage));
        Assert.Equal("0 1 err EINVAL empty request", hub.Ask("0 1"));
        Assert.Equal("0 5 err EINVAL unknown command 'frobnicate'", hub.Ask("0 5 frobnicate"));
        Assert.StartsWith("0 6 err EINVAL", hub.Ask("0 6 mmap 0 0x1000 rw private"));
        Assert.StartsWith("7 7 err ENOENT no agent 7", hub.Ask("7 7 pid"));
        hub.AssertServing();
    }

    [HostFact]
    public void A_line_of_one_megabyte_gets_an_error_and_the_hub_goes_on()
    {
        using var hub = new RawHub();
        string id = hub.Spawn(1);

        Assert.StartsWith($"{id} 5 err E2BIG", hub.Ask($"{id} 5 read " + new string('7', 1 << 20)));
        Assert.StartsWith("0 6 err E2BIG", hub.Ask("0 6 readfile /proc/" + new string('x', 1 << 20)));

        Assert.StartsWith($"{id} 7 ok ", hub.Ask($"{id} 7 pid"));
        hub.AssertServing();
    }

    [HostFact]
    public void Too_many_words_or_operands_get_an_error()
    {
        using var hub = new RawHub();
        string id = hub.Spawn(1);

        Assert.StartsWith($"{id} 2 err E2BIG", hub.Ask($"{id} 2 read 1 2 3 4 5 6 7 8 9 10"));
        Assert.StartsWith($"{id} 3 err EINVAL read takes 1 to 1 operands", hub.Ask($"{id} 3 read 0 1"));
        Assert.StartsWith("0 4 err EINVAL", hub.Ask("0 4 kpagecount 1"));
        Assert.StartsWith($"{id} 5 err EINVAL", hub.Ask($"{id} 5 attach"));
        Assert.StartsWith($"{id} 6 err EINVAL 'vmstat' is a hub command", hub.Ask($"{id} 6 vmstat"));
        Assert.StartsWith($"{id} 7 ok ", hub.Ask($"{id} 7 pid"));
    }

    [HostFact]
    public void Addresses_outside_the_span_and_numbers_that_do_not_fit_are_refused()
    {
        using var agent = HostAgent.Start();
        const ulong span = HostAgentOptions.ScriptSpan;

        Assert.Equal("EFAULT", agent.Read(span).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Read(span - 4).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Write(ulong.MaxValue - 3, 1).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Mmap(span - K4, 2 * K4, HostProtection.ReadWrite).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Mmap(K4, ulong.MaxValue - K4 + 1, HostProtection.ReadWrite).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Munmap(span, K4).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Madvise(0, span + K4, HostAdvice.DontNeed).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Mremap(0, K4, K4, span).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Vmsplice(span - K4, 2 * K4).ErrorOrNull?.Name);
        Assert.Equal("EFAULT", agent.Pin(span, K4).ErrorOrNull?.Name);
        Assert.StartsWith("err EINVAL", agent.SendRaw("read 0x10000000000000000"));
        Assert.StartsWith("err EINVAL", agent.SendRaw("read -8"));
        Assert.StartsWith("err EINVAL", agent.SendRaw("read +8"));
        Assert.StartsWith("err ERANGE", agent.SendRaw("sleep 99999999999"));

        Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
        var pipe = Ok(agent.Vmsplice(0, K4));
        Assert.Equal("EINVAL", pipe.Read(ulong.MaxValue - 3).ErrorOrNull?.Name);
        Assert.Equal("EINVAL", pipe.Read(K4 - 4).ErrorOrNull?.Name);
        Assert.Equal(0UL, Ok(pipe.Read(K4 - 8)));
        Assert.Equal(0UL, Ok(agent.Read(0)));
    }

    [HostFact]
    public void Exhausted_handles_get_an_error_until_one_is_closed()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
        var pipes = new List<HostPipe>();
        for (int i = 0; i < 32; i++)
            pipes.Add(Ok(agent.Vmsplice(0, K4)));

        Assert.Equal("EMFILE", agent.Vmsplice(0, K4).ErrorOrNull?.Name);
        Assert.Equal("EMFILE", agent.Pin(0, K4).ErrorOrNull?.Name);

        Ok(pipes[5].Close());
        Ok(agent.Vmsplice(0, K4));
        Assert.StartsWith("err ENOENT", agent.SendRaw("close 12345"));
        Assert.StartsWith("err ENOENT", agent.SendRaw("close 0x10000000000000000"));
    }

    [HostFact]
    public void A_late_answer_with_a_stale_seq_is_dropped()
    {
        using var agent = HostAgent.Start();
        var hub = agent.Hub;

        Assert.Throws<HostAgentException>(() => hub.Call(agent.Id, "sleep 500", TimeSpan.FromMilliseconds(50)));

        // The answer to "sleep" arrives while "pid" waits: it carries the old SEQ and is not taken for this one.
        var pid = hub.Call(agent.Id, "pid");
        Assert.Equal(agent.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), pid.Text);
        Assert.Equal(agent.Base, AgentReply.Number(hub.Call(agent.Id, "base").Text));
    }

    [HostFact]
    public void Two_agents_interleave_on_one_stream()
    {
        using var hub = new RawHub();
        string a = hub.Spawn(1), b = hub.Spawn(2);

        hub.Send($"{a} 10 sleep 300");
        hub.Send($"{b} 11 mmap 0 0x1000 rw private");
        hub.Send($"{b} 12 write 0 0x2a");
        hub.Send($"{a} 13 read 0");

        Assert.Equal($"{b} 11 ok 0x0", hub.Read());
        Assert.Equal($"{b} 12 ok", hub.Read());
        Assert.Equal($"{a} 10 ok", hub.Read());
        Assert.Equal($"{a} 13 err SIGSEGV read 0x0", hub.Read());
        Assert.Equal($"{b} 14 ok 0x2a", hub.Ask($"{b} 14 read 0"));
    }

    [HostFact]
    public void An_agent_that_dies_mid_request_answers_an_error_and_the_hub_goes_on()
    {
        using var hub = new RawHub();
        string a = hub.Spawn(1), b = hub.Spawn(2);
        string pid = hub.Ask($"{a} 3 pid").Split(' ')[3];

        hub.Send($"{a} 4 sleep 20000");
        hub.Send($"{a} 5 pid");
        Thread.Sleep(100);
        Assert.Equal(0, LibC.kill(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), 9));

        Assert.StartsWith($"{a} 4 err EPIPE agent {a}", hub.Read());
        Assert.StartsWith($"{a} 5 err EPIPE agent {a}", hub.Read());
        Assert.StartsWith($"{a} 6 err ENOENT", hub.Ask($"{a} 6 pid"));
        Assert.Equal("0 7 ok 0", hub.Ask($"0 7 alive {a}"));
        Assert.StartsWith($"{b} 8 ok ", hub.Ask($"{b} 8 pid"));
        hub.AssertServing();
    }

    [HostFact]
    public void The_handshake_names_the_kernel_and_what_it_offers()
    {
        using var agent = HostAgent.Start();
        var info = agent.Hub.Info;

        Assert.Equal(2, info.Protocol);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), info.Release);
        Assert.Equal(4096, info.PageSize);
        Assert.StartsWith("Linux version ", info.Version, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText("/proc/cmdline").TrimEnd('\n'), info.CommandLine);
        Assert.Equal(0, info.Uid);
        Assert.Equal(agent.SupervisorPid, info.Pid);
    }

    [HostFact]
    public void The_hub_reads_the_kernel_files_as_this_process_does()
    {
        using var agent = HostAgent.Start();
        Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
        Ok(agent.Write(0, 1));
        var files = new HubKernelFiles(() => agent.Hub);

        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease"), files.ReadText("/proc/sys/kernel/osrelease"));
        Assert.Throws<FileNotFoundException>(() => files.ReadText("/proc/no-such-file"));
        Assert.Throws<UnauthorizedAccessException>(() => files.ReadText("/etc/hostname"));
        Assert.True(files.Exists(ThpSettings.SysfsRoot + "/enabled"));
        Assert.False(files.Exists("/sys/no-such-file"));
        ulong entry = files.Pagemap(agent.Pid, agent.RealAddress(0), 1)[0];
        Assert.True((entry & (1UL << 63)) != 0, "present");
        Assert.Contains(Smaps.Parse(KernelFiles.Lines(files.Smaps(agent.Pid))), v => v.Start == agent.RealAddress(0));
        Assert.Contains("pgfault ", files.VmStat(), StringComparison.Ordinal);
    }

    [HostFact]
    public void A_target_behind_any_two_streams_runs_agents_and_reads_kernel_files()
    {
        // What a virtual machine plugs in: a hub behind two streams (here a process's pipes), one target for everything.
        var start = new System.Diagnostics.ProcessStartInfo(AgentLocator.Find(null, out _)!, "--hub")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        var process = System.Diagnostics.Process.Start(start)!;
        using var target = new SharedHubTarget(new HubConnection(new StreamHubTransport(
            process.StandardInput.BaseStream, process.StandardOutput.BaseStream, "a hub on two streams", process)));
        var options = new HostAgentOptions { Target = target, PinCpu = false };

        using (var agent = HostAgent.Start(options))
        {
            Ok(agent.Mmap(0, K4, HostProtection.ReadWrite));
            Ok(agent.Write(0, 0x55));
            using var child = agent.Fork().Unwrap();
            Assert.Equal(0x55UL, Ok(child.Read(0)));
            ulong entry = target.Files.Pagemap(child.Pid, child.RealAddress(0), 1)[0];
            Assert.True((entry & (1UL << 63)) != 0, "present in the child");
            Assert.Equal(0, agent.SupervisorPid);
            Assert.Null(target.WhyNoSwap is null ? "swap" : null);
        }

        Assert.Null(target.Hub.Closed);
        Assert.Equal("0", target.Hub.Hub("alive 1").Text);
    }

    [Fact]
    public void The_protocol_doc_lists_exactly_the_commands_of_the_agents_table()
    {
        string root = RepoRoot();
        string source = File.ReadAllText(Path.Combine(root, "LiveKernel", "agent", "mmdsl-agent.c"));
        int table = source.IndexOf("g_commands[] = {", StringComparison.Ordinal);
        Assert.True(table > 0, "no g_commands table in mmdsl-agent.c");
        string body = source[table..source.IndexOf("};", table, StringComparison.Ordinal)];
        var inC = TableRow().Matches(body).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}-{m.Groups[3].Value}").Order().ToList();

        string doc = File.ReadAllText(Path.Combine(root, "docs", "host-protocol.md"));
        int start = doc.IndexOf("\n## Commands", StringComparison.Ordinal);
        Assert.True(start > 0, "no '## Commands' section in docs/host-protocol.md");
        int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = end < 0 ? doc[start..] : doc[start..end];
        var inDoc = DocRow().Matches(section).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order().ToList();

        Assert.Equal(inC, inDoc);
        Assert.NotEmpty(inC);
    }

    /// <summary>A row of g_commands: name, min and max words; the doc gives operands, so words - 1.</summary>
    [GeneratedRegex("""\{"([a-z_]+)", (\d+), (\d+),""")]
    private static partial Regex TableRow();

    /// <summary>A row of the doc's command tables: <c>| `name OPERANDS` | MIN-MAX | ...</c>, MIN and MAX counting the command word.</summary>
    [GeneratedRegex(@"^\| `([a-z_]+)[^`]*` \| (\d+-\d+) \|", RegexOptions.Multiline)]
    private static partial Regex DocRow();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LiveKernel", "agent", "mmdsl-agent.c")))
                return dir.FullName;
        throw new InvalidOperationException("LiveKernel/agent/mmdsl-agent.c not found above the test output");
    }
}
