using System.Text;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Edges;

/// <summary>pid_max is enforced with EAGAIN, pids are reused as alloc_pid reuses them, and fork-and-exit leaves nothing behind.</summary>
public class ProcessLimitTests
{
    [Fact]
    public void ForkBeyondPidMaxIsEagainNotACrash()
    {
        var script = new StringBuilder("proc P0\n");
        for (var i = 0; i < 32_800; i++)
        {
            script.Append("fork C").Append(i).Append(" from P0\n");
        }
        var output = new StringWriter();
        var exit = Running.ScriptRunner.Run(new SourceText("forks.mm", script.ToString()), new Running.RunOptions(), output);
        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("C32799: fork of P0: EAGAIN", text);
        Assert.Contains("C32765: fork of P0 (pid 32767)", text);
        Assert.DoesNotContain("Exception", text);
    }

    [Fact]
    public void PidsCycleBelowPidMaxAndForkExitLeavesNoGarbage()
    {
        var machine = new Machine(KernelVersion.Latest);
        var parent = machine.CreateProcess("A").Value;
        machine.Mmap(parent, null, 4096, new MmapOptions());
        machine.Write(parent, 0, 1);
        var anonVmas = machine.AnonVmaCount;
        var pids = new HashSet<int>();
        for (var i = 0; i < 40_000; i++)
        {
            var child = machine.Fork(parent, "B");
            Assert.True(child.Ok);
            Assert.InRange(child.Value.Pid, 2, 32_767);
            pids.Add(child.Value.Pid);
            machine.Write(child.Value, 0, 2);
            machine.Exit(child.Value);
        }
        Assert.Equal(anonVmas, machine.AnonVmaCount);
        Assert.True(pids.Count < 40_000, "pids are reused after pid_max");
        Assert.Single(machine.Processes);
        Assert.Empty(InvariantChecker.Check(machine));
    }
}
