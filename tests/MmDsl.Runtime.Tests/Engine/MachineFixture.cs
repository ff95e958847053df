using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Mm;

namespace MmDsl.Runtime.Tests.Engine;

/// <summary>Helpers to drive the engine directly, checking the invariants after every step.</summary>
internal sealed class Sim
{
    public Sim(string version = "latest", MachineSettings? settings = null)
    {
        Assert.True(KernelVersion.TryParse(version, out var v));
        Machine = new Machine(v, settings) { Events = [] };
    }

    public Machine Machine { get; }

    public Process Proc(string name)
    {
        var result = Machine.CreateProcess(name);
        Assert.True(result.Ok);
        return result.Value;
    }

    public long Mmap(Process p, long size, bool thp = false, long? at = null, bool shared = false)
    {
        var result = Machine.Mmap(p, at, size, new MmapOptions { HugePage = thp, Shared = shared });
        Assert.True(result.Ok, result.Detail);
        Check();
        return result.Value;
    }

    public Process Fork(Process p, string name)
    {
        var result = Machine.Fork(p, name);
        Assert.True(result.Ok);
        Check();
        return result.Value;
    }

    public void Write(Process p, long address, ulong value)
    {
        Assert.Equal(AccessStatus.Ok, Machine.Write(p, address, value).Status);
        Check();
    }

    public ulong Read(Process p, long address)
    {
        var result = Machine.Read(p, address);
        Assert.Equal(AccessStatus.Ok, result.Status);
        Check();
        return result.Value;
    }

    public int Pfn(Process p, long address)
    {
        var pmd = p.Mm.PageTable.GetPmd(address);
        if (pmd.IsHuge)
        {
            return pmd.Pfn + PageTable.PteIndex(address);
        }
        var pte = p.Mm.PageTable.GetPte(address);
        return pte.IsPresent ? pte.Pfn : 0;
    }

    public int RefCount(Process p, long address) => Machine.Memory.RefCount(Machine.Memory.Head(Pfn(p, address)));

    public void Check()
    {
        var problems = InvariantChecker.Check(Machine);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
