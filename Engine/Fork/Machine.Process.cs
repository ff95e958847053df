using MmDsl.Engine.Memory;
using MmDsl.Engine.Events;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>Process creation and exit (kernel/fork.c, exit_mmap).</summary>
public sealed partial class Machine
{
    /// <summary>A new process with an empty address space.</summary>
    public Result<Process> CreateProcess(string name)
    {
        if (FindProcess(name) is not null)
        {
            return Result<Process>.Fail(Errno.EEXIST, $"process {name} exists");
        }
        if (_processes.Count >= PhysicalMemory.MaxMappers)
        {
            return Result<Process>.Fail(Errno.EAGAIN, $"pid_max: {PhysicalMemory.MaxMappers} processes");
        }
        var process = new Process(name, _nextPid++, 0, new MmStruct(AllocMmId()));
        _processes.Add(process);
        return process;
    }

    /// <summary>exit: tear down the address space (exit_mmap) and drop the process.</summary>
    public void Exit(Process process)
    {
        Enter(process);
        var mm = process.Mm;
        LruAddDrain(string.Empty);
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
        _processes.Remove(process);
    }

    /// <summary>mm_alloc_id: the lowest MM id not in use (ida_alloc_range).</summary>
    private int AllocMmId()
    {
        var used = _processes.Select(p => p.Mm.MmId).ToHashSet();
        var id = 1;
        while (used.Contains(id))
        {
            id++;
        }
        return id;
    }

    /// <summary>Drop what a VMA holds besides its pages: its share of a shmem object.</summary>
    private void ReleaseVma(Vma vma)
    {
        if (vma.Shmem == 0)
        {
            return;
        }
        var obj = _shmem[vma.Shmem];
        obj.Users--;
        if (obj.Users > 0)
        {
            return;
        }
        // The last mapping of an anonymous shmem file is gone: truncate its page cache.
        foreach (var pfn in obj.Pages.Values)
        {
            FolioPut(pfn);
        }
        _shmem.Remove(vma.Shmem);
    }

    private void TraceStep(Process? process, string function, string condition)
    {
        if (Explain)
        {
            Emit(new TraceEvent(process?.Name, new TraceStep(function, condition)));
        }
    }
}
