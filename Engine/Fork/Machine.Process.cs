using MmDsl.Engine.Memory;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Process creation and exit (kernel/fork.c, exit_mmap).</summary>
internal sealed partial class Machine
{
    /// <summary>A new process with an empty address space.</summary>
    public Result<Process> CreateProcess(string name)
    {
        if (FindProcess(name) is not null)
        {
            return Result<Process>.Fail(Errno.EEXIST, $"process {name} exists");
        }
        if (AllocPid() is not { } pid)
        {
            return Result<Process>.Fail(Errno.EAGAIN, $"pid_max: {PidMap.PidMax} pids in use");
        }
        var process = new Process(name, pid, 0, new MmStruct(_s.PidMap.AllocMmId()));
        AddProcess(process);
        return process;
    }

    /// <summary>exit: tear down the address space (exit_mmap) and drop the process.</summary>
    public void Exit(Process process)
    {
        Enter(process);
        var mm = process.Mm;
        LruAddDrain(string.Empty);
        var chains = mm.Vmas.SelectMany(v => v.AnonVmaChain).ToHashSet();
        foreach (var vma in mm.Vmas.ToList())
        {
            ZapVmaRange(process, vma, vma.Start, vma.End);
            ReleaseVma(vma);
        }
        mm.Vmas.Clear();
        foreach (var (baseAddress, table) in mm.PageTable.PmdTables().ToList())
        {
            for (var i = 0; i < PageTable.PtrsPerTable; i++)
            {
                if (table.Ptes[i] is not null)
                {
                    mm.PageTable.FreePtes(baseAddress + i * PageTable.PmdSize);
                }
            }
        }
        mm.UsesHugeZero = false;
        KsmExit(mm);
        _s.Processes.Remove(process);
        _s.ByName.Remove(process.Name);
        _s.PidMap.FreePid(process.Pid);
        _s.PidMap.FreeMmId(mm.MmId);
        FreeUnusedAnonVmas(chains);
    }

    /// <summary>alloc_pid; null when pid_max pids are in use. At most as many processes as a page can have mappers.</summary>
    private int? AllocPid() =>
        _s.Processes.Count < PhysicalMemory.MaxMappers && _s.PidMap.AllocPid() is var pid and > 0 ? pid : null;

    private void AddProcess(Process process)
    {
        _s.Processes.Add(process);
        _s.ByName[process.Name] = process;
    }

    /// <summary>
    /// unlink_anon_vmas after exit_mmap: an anon_vma that no VMA chains to any more, and that is no
    /// live anon_vma's root, is freed (put_anon_vma), so fork-and-exit leaves nothing behind.
    /// </summary>
    private void FreeUnusedAnonVmas(HashSet<int> candidates)
    {
        if (candidates.Count == 0)
        {
            return;
        }
        foreach (var process in _s.Processes)
        {
            foreach (var vma in process.Mm.Vmas)
            {
                candidates.ExceptWith(vma.AnonVmaChain);
            }
        }
        foreach (var anonVma in _s.AnonVmas.Values)
        {
            if (!candidates.Contains(anonVma.Id))
            {
                candidates.Remove(anonVma.Root);
                candidates.Remove(anonVma.Parent);
            }
        }
        foreach (var id in candidates)
        {
            _s.AnonVmas.Remove(id);
        }
    }

    /// <summary>Drop what a VMA holds besides its pages: its share of a shmem object.</summary>
    private void ReleaseVma(Vma vma)
    {
        if (vma.Shmem == 0)
        {
            return;
        }
        var obj = _s.Shmem[vma.Shmem];
        obj.Users--;
        if (obj.Users > 0 || obj.Held)
        {
            return;
        }
        // The last mapping of an anonymous shmem file is gone: truncate its page cache.
        foreach (var pfn in obj.Pages.Values)
        {
            FolioPut(pfn);
        }
        _s.Shmem.Remove(vma.Shmem);
    }

    /// <summary>A decision outside a fault (fork, GUP), recorded before what it causes; <paramref name="rule"/> is the fact whose rule decided.</summary>
    private void TraceStep(Process? process, string function, string condition, Eras.Fact? rule = null)
    {
        if (Explain)
        {
            EmitDecision(process?.Name, function, condition, rule);
        }
    }
}
