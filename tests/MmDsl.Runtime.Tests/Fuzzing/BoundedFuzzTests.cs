using MmDsl.LiveKernel.Runs;
using MmDsl.Engine.Eras;
using MmDsl.LiveKernel.Fuzzing;
using MmDsl.LiveKernel;
using MmDsl.Runtime.Running;
using MmDsl.Runtime.Tests.Host;
using Xunit.Abstractions;

namespace MmDsl.Runtime.Tests.Fuzzing;

/// <summary>Fixed-seed fuzz runs: the simulator alone in every era, and against the live kernel where it can run scripts.</summary>
public sealed class SimulatorFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Two_hundred_scenarios_keep_every_invariant_and_private_memory_in_every_era()
    {
        var judge = new SimulatorJudge(EraPolicy.All);
        var summary = new FuzzRunner(judge, new FuzzOptions
        {
            Count = 200,
            Seed = 2026,
            Generator = new GeneratorOptions { Gup = true },
        }).Run();

        var lines = FuzzRunner.Lines(summary, judge.Name, judge.OtherLabel).ToList();
        lines.ForEach(output.WriteLine);
        Assert.Equal(200, summary.Scenarios);
        Assert.True(summary.Disagreements == 0, string.Join("\n", lines));
        // the generator keeps its queries valid: few scenarios end on a SIGSEGV it did not foresee
        Assert.True(summary.Invalid < 20, string.Join("\n", lines));
    }

    [Fact]
    public void The_oracle_catches_a_child_seeing_its_parents_later_write()
    {
        // the simulator's answers, as if fork had shared the page writable
        var text = "proc A\nmmap 4K at 0x0\nwrite A 0x0 = 100\nfork B from A\nwrite A 0x0 = 101\nprint value(B, 0x0)\n";
        var leaked = new List<MmDsl.Runtime.Scripting.Observation> { new("print value(B, 0x0)", "101", null) };
        var inherited = new List<MmDsl.Runtime.Scripting.Observation> { new("print value(B, 0x0)", "100", null) };

        Assert.NotNull(PrivateMemoryOracle.Check(text, leaked, KernelVersion.Latest));
        Assert.Null(PrivateMemoryOracle.Check(text, inherited, KernelVersion.Latest));
    }

    [Fact]
    public void A_pipe_may_show_a_later_write_only_in_the_eras_of_CVE_2020_29374()
    {
        var text = "proc A\nmmap 4K at 0x0\nwrite A 0x0 = 100\nfork B from A\nvmsplice B 0x0\nexit B\nwrite A 0x0 = 101\nprint handle(#1)\n";
        var leaked = new List<MmDsl.Runtime.Scripting.Observation> { new("print handle(#1)", "101", null) };

        Assert.Null(PrivateMemoryOracle.Check(text, leaked, new KernelVersion(5, 7)));
        Assert.Null(PrivateMemoryOracle.Check(text, leaked, new KernelVersion(5, 10)));
        Assert.NotNull(PrivateMemoryOracle.Check(text, leaked, new KernelVersion(5, 8)));
        Assert.NotNull(PrivateMemoryOracle.Check(text, leaked, new KernelVersion(6, 18)));
    }
}

/// <summary>The live kernel: serialised with the other host tests, skipped where scripts cannot run.</summary>
[Collection(HostCollection.Name)]
public sealed class HostFuzzTests(ITestOutputHelper output)
{
    [HostFact(HostRequirement.PageFrames | HostRequirement.Thp)]
    public void Two_hundred_scenarios_against_the_live_kernel_end_in_no_one_sided_error()
    {
        var judge = new HostJudge(new DiffOptions { NoCSharp = true });
        var summary = new FuzzRunner(judge, new FuzzOptions
        {
            Count = 200,
            Seed = 2026,
            ShrinkPerCause = 0,
            Generator = new GeneratorOptions
            {
                PageOut = HostCapabilities.Current.Swap.Available,
                ZeroPage = HostCapabilities.Current.ZeroPage.Available,
            },
        }).Run();

        var lines = FuzzRunner.Lines(summary, judge.Name, judge.OtherLabel).ToList();
        lines.ForEach(output.WriteLine);
        Assert.Equal(200, summary.Scenarios);
        // A runtime error on one side only is a backend out of step with the simulator (an mremap
        // that moved outside the script's space, a value() of a page the other side has not).
        Assert.DoesNotContain(summary.Causes, c => c.Example.Kinds.Contains("error"));
        // With the fidelity fixes these 200 scenarios all agree on 6.18 when nothing else runs
        // (docs/fuzz.md). Machine-wide counters (stat(thp_fault_alloc), stat(thp_split_pmd)) also move
        // with other work on the machine, such as the other test assemblies' host runs beside this
        // one, and this run has no re-runs to rule that out: those causes are left out. Every other
        // kind of row must agree in 97% of the scenarios; a fix that regressed would cost more.
        var counterOnly = summary.Causes.Where(c => c.Kind.StartsWith("stat ", StringComparison.Ordinal)).Sum(c => c.Count);
        Assert.True(summary.Agreements + counterOnly >= summary.Scenarios * 97 / 100, string.Join("\n", lines));
    }
}
