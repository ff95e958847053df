namespace MmDsl.Engine;

/// <summary>
/// The pid namespace's allocator (alloc_pid, kernel/pid.c): pids are handed out cyclically below
/// pid_max, wrapping to RESERVED_PIDS, skipping those in use; when every pid is taken, EAGAIN.
/// Also the lowest-free allocator of MM ids (mm_alloc_id's ida_alloc_range).
/// </summary>
internal sealed class PidMap
{
    /// <summary>PID_MAX_DEFAULT (include/linux/threads.h).</summary>
    public const int PidMax = 32768;

    /// <summary>RESERVED_PIDS (kernel/pid.c): where the cycle starts again after pid_max.</summary>
    private const int ReservedPids = 300;

    private HashSet<int> _pids = [];
    private int _lastPid;
    private HashSet<int> _mmIds = [];
    private SortedSet<int> _freeMmIds = [];
    private int _nextMmId = 1;

    public PidMap Clone() => new()
    {
        _pids = [.. _pids],
        _lastPid = _lastPid,
        _mmIds = [.. _mmIds],
        _freeMmIds = [.. _freeMmIds],
        _nextMmId = _nextMmId,
    };

    /// <summary>idr_alloc_cyclic over [RESERVED_PIDS or 1, pid_max): the next free pid after the last one, or -1.</summary>
    public int AllocPid()
    {
        if (_pids.Count >= PidMax - 1)
        {
            return -1;
        }
        var pid = _lastPid;
        do
        {
            pid = pid + 1 >= PidMax ? ReservedPids : pid + 1;
        }
        while (_pids.Contains(pid));
        _pids.Add(pid);
        _lastPid = pid;
        return pid;
    }

    public void FreePid(int pid) => _pids.Remove(pid);

    /// <summary>The lowest MM id not in use.</summary>
    public int AllocMmId()
    {
        int id;
        if (_freeMmIds.Count > 0)
        {
            id = _freeMmIds.Min;
            _freeMmIds.Remove(id);
        }
        else
        {
            id = _nextMmId++;
        }
        _mmIds.Add(id);
        return id;
    }

    public void FreeMmId(int id)
    {
        if (_mmIds.Remove(id))
        {
            _freeMmIds.Add(id);
        }
    }
}
