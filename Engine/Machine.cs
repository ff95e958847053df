using MmDsl.Engine.Eras;
using MmDsl.Engine.Events;
using MmDsl.Engine.Memory;
using MmDsl.Engine.Mm;

namespace MmDsl.Engine;

/// <summary>
/// One simulated machine running one kernel era. The state is plain data (page-frame arrays,
/// page tables, VMAs), all of it in one <see cref="MachineState"/> that <see cref="Clone"/> copies
/// in one place; the behaviour is the code in the
/// partial files of this class, named after the kernel functions they model, and the era's
/// <see cref="EraPolicy"/> answers the questions on which kernels differ.
/// </summary>
internal sealed partial class Machine
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

    /// <summary>Everything the machine changes as it runs: what <see cref="Clone"/> copies.</summary>
    private readonly MachineState _s;

    public Machine(KernelVersion version, MachineSettings? settings = null)
        : this(EraPolicy.For(version), settings)
    {
    }

    /// <summary>A machine that decides as <paramref name="era"/> does (an era, or a policy over one).</summary>
    public Machine(EraPolicy era, MachineSettings? settings = null)
    {
        Era = era;
        _hasAnonExclusive = Era.HasAnonExclusive;
        _lruBatchSize = Era.LruBatchSize;
        _hasMthp = Era.HasMthp;
        var chosen = settings?.Clone() ?? new MachineSettings();
        _s = new MachineState(chosen, NewMemory(chosen.MemoryBytes), NewSwap(chosen));
    }

    private Machine(Machine other)
    {
        Era = other.Era;
        _hasAnonExclusive = other._hasAnonExclusive;
        _lruBatchSize = other._lruBatchSize;
        _hasMthp = other._hasMthp;
        _s = other._s.Clone();
    }

    public EraPolicy Era { get; }

    // The era's answers that the fast paths ask on every fault (a policy never changes).
    private readonly bool _hasAnonExclusive;
    private readonly int _lruBatchSize;
    private readonly bool _hasMthp;

    public MachineSettings Settings => _s.Settings;

    public VmStat Stats => _s.Stats;

    public PhysicalMemory Memory => _s.Memory;

    /// <summary>Live processes, in creation order.</summary>
    public IReadOnlyList<Process> Processes => _s.Processes;

    /// <summary>Where events go while a <see cref="Record"/> is open; null records nothing (the fast path).</summary>
    private List<EngineEvent>? _events;

    /// <summary>Someone records: build the words that explain each decision too.</summary>
    private bool Explain => _events is not null;

    /// <summary>
    /// Record the events of the calls that follow until the recording is disposed:
    /// <c>using var rec = machine.Record(); machine.Write(...); rec.Events</c>.
    /// </summary>
    public EventRecording Record()
    {
        var recording = new EventRecording(this, _events);
        _events = recording.Events;
        return recording;
    }

    /// <summary>A recording ends: events go back to the one it interrupted, if it is still the current one.</summary>
    internal void StopRecording(List<EngineEvent> events, List<EngineEvent>? outer)
    {
        if (ReferenceEquals(_events, events))
        {
            _events = outer;
        }
    }

    /// <summary>A deep copy: the same state, independent from now on.</summary>
    public Machine Clone() => new(this);

    public Process? FindProcess(string name) => _s.ByName.GetValueOrDefault(name);

    public LargeFolio? Large(int head) => _s.Large.GetValueOrDefault(head);

    public AnonVma? FindAnonVma(int id) => _s.AnonVmas.GetValueOrDefault(id);

    /// <summary>How many anon_vmas exist (freed when no VMA chains to them).</summary>
    public int AnonVmaCount => _s.AnonVmas.Count;

    /// <summary>Change a setting that shapes physical memory or swap: allowed only while no process exists.</summary>
    public Errno Reconfigure(Action<MachineSettings> change)
    {
        if (_s.Processes.Count > 0 || _s.Handles.Count > 0)
        {
            return Errno.EBUSY;
        }
        change(Settings);
        _s.Memory = NewMemory(Settings.MemoryBytes);
        _s.Large.Clear();
        InitSwap();
        return Errno.Ok;
    }

    /// <summary>Replace the swap device (set swap): allowed while no slot is in use.</summary>
    public Errno ResizeSwap(long bytes)
    {
        if (_s.Swap.InUse > 0)
        {
            return Errno.EBUSY;
        }
        Settings.SwapBytes = bytes;
        InitSwap();
        return Errno.Ok;
    }

    /// <summary>Make the swap device a file or a partition (set swap.file): allowed while no slot is in use.</summary>
    public Errno SetSwapFile(bool file) => SetSwapDevice(file, synchronous: false);

    /// <summary>
    /// The kind of swap device (set swap.device): a partition (a disk), a file, or a synchronous
    /// device such as zram; allowed while no slot is in use.
    /// </summary>
    public Errno SetSwapDevice(bool file, bool synchronous)
    {
        if (_s.Swap.InUse > 0)
        {
            return Errno.EBUSY;
        }
        Settings.SwapFile = file;
        Settings.SwapSynchronous = synchronous;
        return Errno.Ok;
    }

    private void Emit(EngineEvent e) => _events?.Add(e);

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
