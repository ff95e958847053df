using BenchmarkDotNet.Attributes;
using MmDsl.Engine;
using MmDsl.Engine.Eras;
using MmDsl.Engine.Mm;

namespace MmDsl.Benchmarks;

/// <summary>
/// The engine paths behind the budgets of design.md, on <see cref="Pages"/> 4K pages (1 Mi pages
/// is 4 GiB): anonymous write faults on untouched pages, fork of the populated process, COW
/// write faults in the child. Each benchmark builds its machine in an iteration setup, so that
/// the timed part is the path alone. <c>mmdsl bench</c> prints the same figures as rates.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    [Params(1 << 18)]
    public int Pages { get; set; }

    private Machine _machine = null!;
    private Process _parent = null!;
    private Process _child = null!;
    private long _buf;

    private long Size => (long)Pages * PageTable.PageSize;

    [IterationSetup(Target = nameof(AnonWriteFaults))]
    public void FreshMapping()
    {
        _machine = new Machine(KernelVersion.Latest);
        _parent = _machine.CreateProcess("A").Value;
        _buf = _machine.Mmap(_parent, null, Size, new MmapOptions { NoHugePage = true }).Value;
    }

    /// <summary>One write fault per untouched page: do_anonymous_page.</summary>
    [Benchmark(OperationsPerInvoke = 1 << 18)]
    public void AnonWriteFaults()
    {
        for (var address = _buf; address < _buf + Size; address += PageTable.PageSize)
        {
            _machine.Write(_parent, address, 1);
        }
    }

    [IterationSetup(Target = nameof(Fork))]
    public void PopulatedMapping()
    {
        FreshMapping();
        AnonWriteFaults();
    }

    /// <summary>fork of a process with every page resident: copy_page_range.</summary>
    [Benchmark]
    public void Fork() => _child = _machine.Fork(_parent, "B").Value;

    [IterationSetup(Target = nameof(CowWriteFaults))]
    public void ForkedMapping()
    {
        PopulatedMapping();
        Fork();
    }

    /// <summary>One COW fault per page in the child: do_wp_page and wp_page_copy.</summary>
    [Benchmark(OperationsPerInvoke = 1 << 18)]
    public void CowWriteFaults()
    {
        for (var address = _buf; address < _buf + Size; address += PageTable.PageSize)
        {
            _machine.Write(_child, address, 2);
        }
    }

    [IterationSetup(Target = nameof(Mmap1TAndTouchTen))]
    public void EmptyProcess()
    {
        _machine = new Machine(KernelVersion.Latest);
        _parent = _machine.CreateProcess("A").Value;
    }

    /// <summary>mmap of 1 TiB and ten pages touched across it: page tables only where touched.</summary>
    [Benchmark]
    public long Mmap1TAndTouchTen()
    {
        var buf = _machine.Mmap(_parent, null, 1L << 40, new MmapOptions()).Value;
        for (var i = 0; i < 10; i++)
        {
            _machine.Write(_parent, buf + i * (1L << 40) / 10, (ulong)i);
        }
        return buf;
    }
}
