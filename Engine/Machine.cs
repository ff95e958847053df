using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>
/// One simulated machine running one kernel era. The state is plain data (page-frame arrays,
/// page tables, VMAs) that <see cref="Clone"/> copies in bulk; the behaviour is the code in the
/// partial files of this class, named after the kernel functions they model, and the era's
/// <see cref="EraPolicy"/> answers the questions on which kernels differ.
/// </summary>
public sealed partial class Machine
{
    /// <summary>The shared zero page (ZERO_PAGE(0)).</summary>
    public const int ZeroPfn = 0x100;

    /// <summary>The huge zero folio, order 9.</summary>
    public const int HugeZeroPfn = 0x200;

    /// <summary>Frames below this are the kernel's and never allocated.</summary>
    public const int BootReserved = 0x400;

    public const int PmdOrder = 9;
    public const int HPagePmdNr = 1 << PmdOrder;

    /// <summary>
    /// TASK_SIZE of x86-64 with 4-level page tables (TASK_SIZE_MAX, arch/x86/include/asm/page_64_types.h):
    /// 2^47 less one page, so the last page below 128T is never mappable.
    /// </summary>
    public const long TaskSize = (1L << 47) - PageTable.PageSize;

    private PhysicalMemory _memory;
    private Dictionary<int, LargeFolio> _large = [];
    private List<Process> _processes = [];
    private Dictionary<int, AnonVma> _anonVmas = [];
    private int _nextAnonVma = 1;
    private PidMap _pidMap = new();
    private Dictionary<string, Process> _byName = [];

    public Machine(KernelVersion version, MachineSettings? settings = null)
    {
        Settings = settings?.Clone() ?? new MachineSettings();
        Era = EraPolicy.For(version);
        _hasAnonExclusive = Era.HasAnonExclusive;
        _lruBatchSize = Era.LruBatchSize;
        _hasMthp = Era.HasMthp;
        _memory = NewMemory(Settings.MemoryBytes);
        InitSwap();
    }

    private Machine(Machine other)
    {
        Settings = other.Settings.Clone();
        Era = other.Era;
        _hasAnonExclusive = other._hasAnonExclusive;
        _lruBatchSize = other._lruBatchSize;
        _hasMthp = other._hasMthp;
        _memory = other._memory.Clone();
        _large = other._large.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        _processes = other._processes.Select(p => p.Clone()).ToList();
        _anonVmas = new Dictionary<int, AnonVma>(other._anonVmas);
        _nextAnonVma = other._nextAnonVma;
        _pidMap = other._pidMap.Clone();
        _byName = _processes.ToDictionary(p => p.Name);
        _shmem = other._shmem.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        _nextShmem = other._nextShmem;
        _lruBatches = other._lruBatches.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
        _cpu = other._cpu;
        _deferredSplit = [.. other._deferredSplit];
        _handles = other._handles.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        _nextHandle = other._nextHandle;
        _swap = other._swap.Clone();
        _swapSlot = new Dictionary<int, int>(other._swapSlot);
        Stats = other.Stats.Clone();
    }

    public EraPolicy Era { get; }

    // The era's answers that the fast paths ask on every fault (a policy never changes).
    private readonly bool _hasAnonExclusive;
    private readonly int _lruBatchSize;
    private readonly bool _hasMthp;

    public MachineSettings Settings { get; }

    public VmStat Stats { get; private set; } = new();

    public PhysicalMemory Memory => _memory;

    /// <summary>Live processes, in creation order.</summary>
    public IReadOnlyList<Process> Processes => _processes;

    /// <summary>
    /// Where events go; null records nothing (the fastest way to drive the engine). When set, the
    /// engine also builds the words that explain each decision.
    /// </summary>
    public List<EngineEvent>? Events { get; set; }

    private bool Explain => Events is not null;

    /// <summary>A deep copy: the same state, independent from now on.</summary>
    public Machine Clone() => new(this);

    public Process? FindProcess(string name) => _byName.GetValueOrDefault(name);

    public LargeFolio? Large(int head) => _large.GetValueOrDefault(head);

    public AnonVma? FindAnonVma(int id) => _anonVmas.GetValueOrDefault(id);

    /// <summary>How many anon_vmas exist (freed when no VMA chains to them).</summary>
    public int AnonVmaCount => _anonVmas.Count;

    /// <summary>Change a setting that shapes physical memory or swap: allowed only while no process exists.</summary>
    public Errno Reconfigure(Action<MachineSettings> change)
    {
        if (_processes.Count > 0 || _handles.Count > 0)
        {
            return Errno.EBUSY;
        }
        change(Settings);
        _memory = NewMemory(Settings.MemoryBytes);
        _large.Clear();
        InitSwap();
        return Errno.Ok;
    }

    /// <summary>Replace the swap device (set swap): allowed while no slot is in use.</summary>
    public Errno ResizeSwap(long bytes)
    {
        if (_swap.InUse > 0)
        {
            return Errno.EBUSY;
        }
        Settings.SwapBytes = bytes;
        InitSwap();
        return Errno.Ok;
    }

    /// <summary>Make the swap device a file or a partition (set swap.file): allowed while no slot is in use.</summary>
    public Errno SetSwapFile(bool file)
    {
        if (_swap.InUse > 0)
        {
            return Errno.EBUSY;
        }
        Settings.SwapFile = file;
        return Errno.Ok;
    }

    private void Emit(EngineEvent e) => Events?.Add(e);

    private static PhysicalMemory NewMemory(long bytes)
    {
        var memory = new PhysicalMemory(bytes >> PageTable.PageShift);
        memory.ReserveBoot(BootReserved);
        memory.Set(ZeroPfn, PageFlags.Zero);
        for (var pfn = HugeZeroPfn; pfn < HugeZeroPfn + HPagePmdNr; pfn++)
        {
            memory.Set(pfn, PageFlags.Zero | (pfn == HugeZeroPfn ? PageFlags.Head : PageFlags.Tail));
            if (pfn != HugeZeroPfn)
            {
                memory.Mapping(pfn) = HugeZeroPfn;
            }
        }
        memory.SetOrder(HugeZeroPfn, PmdOrder);
        memory.RefCount(HugeZeroPfn) = 1;
        return memory;
    }
}
