using MmDsl.Engine;

namespace MmDsl.Runtime.Api;

public sealed partial class MmApi
{
    /// <summary>The machine: kernel era, settings, counters, memory.</summary>
    public MachineView Machine => new(this);

    /// <summary>The process named <paramref name="name"/>; an error if there is none.</summary>
    public ProcessView Proc(string name) =>
        FindProc(name) ?? throw new ArgumentException(UnknownProcess(name));

    /// <summary>The process named <paramref name="name"/>, or null.</summary>
    public ProcessView? FindProc(string name) =>
        Live.FindProcess(name) is { } p ? new ProcessView(this, p.Name) : null;

    /// <summary>Live processes, in creation order.</summary>
    public IReadOnlyList<ProcessView> Procs => Live.Processes.Select(p => new ProcessView(this, p.Name)).ToList();

    /// <summary>The current process (the one commands act on when they name none), or null.</summary>
    public ProcessView? Current => Session.Current is { } name ? FindProc(name) : null;

    /// <summary>The folio that holds page frame <paramref name="pfn"/>; an error if the frame is free.</summary>
    public FolioView Folio(long pfn) =>
        FindFolio(pfn) ?? throw new ArgumentException($"page frame {Hex(pfn)} is not part of a folio in use");

    /// <summary>The folio that holds page frame <paramref name="pfn"/> (compound_head), or null if the frame is free.</summary>
    public FolioView? FindFolio(long pfn)
    {
        var m = Live;
        if (pfn < Engine.Machine.BootReserved || pfn >= m.Memory.TotalPages)
        {
            return null;
        }
        var head = m.Memory.Head((int)pfn);
        return m.Memory.RefCount(head) > 0 ? new FolioView(this, head) : null;
    }

    /// <summary>Every folio in use, in pfn order (the zero pages excluded), as <c>show refs</c> lists them.</summary>
    public IReadOnlyList<FolioView> Folios => Live.Folios().Select(head => new FolioView(this, head)).ToList();

    /// <summary>A counter by its /proc/vmstat name (<c>pgfault</c>, <c>cow_copy</c>, ...), as <c>stat(NAME)</c>.</summary>
    public long Stat(string name) => Machine.Stat(name);

    /// <summary>The swap device and the swap cache.</summary>
    public SwapView Swap => new(this);

    /// <summary>Open GUP handles (pins, gets, pipes), by number.</summary>
    public IReadOnlyList<HandleView> Handles =>
        Live.Handles.Values.OrderBy(h => h.Id).Select(h => new HandleView(this, h)).ToList();

    /// <summary>Handle <c>#id</c>; an error if it is not open.</summary>
    public HandleView Handle(int id) =>
        Live.FindHandle(id) is { } h ? new HandleView(this, h) : throw new ArgumentException($"no open handle #{id}");

    private string UnknownProcess(string name)
    {
        var known = Live.Processes.Select(p => p.Name).ToList();
        return known.Count == 0
            ? $"unknown process '{name}' (no process exists yet)"
            : $"unknown process '{name}' (processes: {string.Join(", ", known)})";
    }
}
