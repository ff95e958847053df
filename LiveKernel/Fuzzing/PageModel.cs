namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>What the generator believes about one page of a process: enough to keep its queries valid.</summary>
internal enum PageState : byte
{
    Free,
    ReadWrite,
    ReadOnly,
    None,

    /// <summary>After an mremap the generator does not follow: neither mapped over nor read by value().</summary>
    Unknown,
}

/// <summary>
/// The generator's picture of each process's address space in the fuzz arena (pages, protections,
/// MADV_DONTFORK), so that <c>mmap ... at</c> lands on free space and <c>value(P, ADDR)</c> is asked
/// only of readable pages (a SIGSEGV there would end the run).
/// </summary>
internal sealed class PageModel
{
    public const long PageSize = 4096;
    public const long PmdSize = 2L << 20;

    /// <summary>The arena: every address a scenario uses is below this.</summary>
    public const long ArenaSize = 8L << 20;

    public const int Pages = (int)(ArenaSize / PageSize);

    private readonly Dictionary<string, PageState[]> _pages = [];
    private readonly Dictionary<string, bool[]> _dontFork = [];
    private readonly Dictionary<string, bool[]> _written = [];

    public IEnumerable<string> Processes => _pages.Keys;

    public void Add(string process)
    {
        _pages[process] = new PageState[Pages];
        _dontFork[process] = new bool[Pages];
        _written[process] = new bool[Pages];
    }

    public void Fork(string parent, string child)
    {
        var pages = (PageState[])_pages[parent].Clone();
        var written = (bool[])_written[parent].Clone();
        var dontFork = _dontFork[parent];
        for (var i = 0; i < Pages; i++)
        {
            if (dontFork[i])
            {
                pages[i] = PageState.Free;
                written[i] = false;
            }
        }
        _pages[child] = pages;
        _written[child] = written;
        _dontFork[child] = new bool[Pages];
    }

    /// <summary>Pages that hold data of their own: reading them faults in no zero page.</summary>
    public bool Written(string process, long address) => _written[process][Index(address)];

    public void SetWritten(string process, long start, long size, bool written)
    {
        for (var a = start; a < start + size && a < ArenaSize; a += PageSize)
        {
            _written[process][Index(a)] = written && Mapped(process, a);
        }
    }

    public void Remove(string process)
    {
        _pages.Remove(process);
        _dontFork.Remove(process);
        _written.Remove(process);
    }

    public PageState At(string process, long address) => _pages[process][Index(address)];

    public bool Readable(string process, long address) => At(process, address) is PageState.ReadWrite or PageState.ReadOnly;

    public bool Mapped(string process, long address) => At(process, address) is PageState.ReadWrite or PageState.ReadOnly or PageState.None;

    public bool IsFree(string process, long start, long size)
    {
        var pages = _pages[process];
        for (var a = start; a < start + size; a += PageSize)
        {
            if (a >= ArenaSize || pages[Index(a)] != PageState.Free)
            {
                return false;
            }
        }
        return true;
    }

    public void Set(string process, long start, long size, PageState state)
    {
        var pages = _pages[process];
        for (var a = start; a < start + size && a < ArenaSize; a += PageSize)
        {
            pages[Index(a)] = state;
            if (state is PageState.Free or PageState.Unknown)
            {
                _dontFork[process][Index(a)] = false;
                _written[process][Index(a)] = false;
            }
        }
    }

    /// <summary>mprotect: applied page by page where mapped; a hole makes the whole range unknown (ENOMEM after a partial change).</summary>
    public void Protect(string process, long start, long size, PageState state)
    {
        var holes = false;
        for (var a = start; a < start + size && a < ArenaSize; a += PageSize)
        {
            holes |= !Mapped(process, a);
        }
        Set(process, start, size, holes ? PageState.Unknown : state);
    }

    public void DontFork(string process, long start, long size, bool on)
    {
        for (var a = start; a < start + size && a < ArenaSize; a += PageSize)
        {
            if (Mapped(process, a))
            {
                _dontFork[process][Index(a)] = on;
            }
        }
    }

    /// <summary>The mapped pages of PROCESS, as addresses.</summary>
    public List<long> MappedPages(string process)
    {
        var pages = _pages[process];
        var list = new List<long>();
        for (var i = 0; i < Pages; i++)
        {
            if (pages[i] is PageState.ReadWrite or PageState.ReadOnly or PageState.None)
            {
                list.Add(i * PageSize);
            }
        }
        return list;
    }

    private static int Index(long address) => (int)(address / PageSize);
}
