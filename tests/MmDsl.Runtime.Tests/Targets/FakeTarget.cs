using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Tests.Targets;

/// <summary>
/// A kernel in a dictionary: processes own words at addresses, mmap hands out ranges, fork copies
/// everything at once (no copy-on-write at all), and whatever else is asked is not on it. It shows
/// that a backend is one adapter class, and lets the interpreter be tested without any kernel.
/// </summary>
internal sealed class FakeTarget : IKernelTarget
{
    private readonly Dictionary<string, FakeProcess> _processes = new(StringComparer.Ordinal);
    private int _nextPid = 100;

    public FakeTarget(Backend backend = Backend.Simulator)
    {
        Backend = backend;
        Script = new ScriptState(Output, CancellationToken.None);
    }

    public StringWriter Output { get; } = new() { NewLine = "\n" };

    public ScriptState Script { get; }

    /// <summary>Every call the interpreter made, in order.</summary>
    public List<string> Calls { get; } = [];

    public Backend Backend { get; }

    public string Where => "the fake";

    public IScriptState State => Script;

    public string? FailureOf(Exception exception) => exception is IOException io ? $"fake: {io.Message}" : null;

    public bool HasProcess(string name) => _processes.ContainsKey(name);

    public IReadOnlyList<string> ProcessNames => [.. _processes.Keys];

    public IDisposable Begin(Command command, bool inner) => new Scope();

    public ForkOutcome NewProcess(string name)
    {
        Calls.Add($"proc {name}");
        _processes[name] = new FakeProcess(_nextPid++);
        return new ForkOutcome(_processes[name].Pid);
    }

    public ForkOutcome Fork(string parent, string child)
    {
        Calls.Add($"fork {parent} {child}");
        var copy = new FakeProcess(_nextPid++);
        foreach (var (at, word) in _processes[parent].Words)
        {
            copy.Words[at] = word;
        }
        copy.Mapped.AddRange(_processes[parent].Mapped);
        _processes[child] = copy;
        return new ForkOutcome(copy.Pid);
    }

    public string Exit(string process)
    {
        Calls.Add($"exit {process}");
        _processes.Remove(process);
        return string.Empty;
    }

    public string Reset()
    {
        _processes.Clear();
        Script.Clear();
        return "reset: fake";
    }

    public SyscallOutcome Mmap(string process, MmapRequest request)
    {
        Calls.Add($"mmap {process} {request.Size}");
        var p = _processes[process];
        var start = request.At ?? p.Mapped.Select(m => m.End).DefaultIfEmpty(0).Max();
        p.Mapped.Add((start, start + request.Size));
        return new SyscallOutcome(null) { Address = start, Length = request.Size };
    }

    public SyscallOutcome Mlock(string process, long address, long size, bool locked) => SyscallOutcome.Ok;

    private readonly Dictionary<string, Dictionary<long, ulong>> _memfds = [];

    public SyscallOutcome Memfd(string name, long size)
    {
        Calls.Add($"memfd {name} {size}");
        return _memfds.TryAdd(name, []) ? SyscallOutcome.Ok : SyscallOutcome.Failed("EEXIST", null);
    }

    public bool HasMemfd(string name) => _memfds.ContainsKey(name);

    public SyscallOutcome Pwrite(string file, long offset, ulong value)
    {
        Calls.Add($"pwrite {file} {offset} {value}");
        _memfds[file][offset] = value;
        return SyscallOutcome.Ok;
    }

    public FileReadOutcome Pread(string file, long offset) => new(_memfds[file].GetValueOrDefault(offset));

    public SyscallOutcome Munmap(string process, long address, long size)
    {
        var removed = _processes[process].Mapped.RemoveAll(m => m.Start == address && m.End == address + size);
        return removed > 0 ? SyscallOutcome.Ok : SyscallOutcome.Failed("EINVAL", "not one whole mapping");
    }

    public SyscallOutcome Mprotect(string process, long address, long size, Protection protection) => throw No(true);

    public SyscallOutcome Mremap(string process, long address, long oldSize, long newSize, long? to) => throw No(true);

    public SyscallOutcome Madvise(string process, long address, long size, Keyword<Advice> advice) => throw No(true);

    public AccessOutcome Access(string process, long address, bool write, ulong value, IAccessSummary? summary)
    {
        var p = _processes[process];
        if (!p.Maps(address))
        {
            Output.WriteLine($"{process}: SIGSEGV at {address}");
            return new AccessOutcome("SIGSEGV", 0);
        }
        if (write)
        {
            p.Words[address] = value;
        }
        if (summary is Counted counted)
        {
            counted.Accesses++;
        }
        else
        {
            Output.WriteLine($"{process}: {(write ? "write" : "read")} {address} = {p.Words.GetValueOrDefault(address)}");
        }
        return new AccessOutcome("ok", p.Words.GetValueOrDefault(address));
    }

    public IAccessSummary BeginSummary(string? process) => new Counted();

    public long HolePages(string process, long at, long left) => 0;

    public AccessOutcome ReadWord(string process, long address, IAccessSummary? summary)
    {
        var p = _processes[process];
        return p.Maps(address)
            ? new AccessOutcome("ok", p.Words.GetValueOrDefault(address))
            : new AccessOutcome("SIGSEGV", 0) { Failure = "SIGSEGV" };
    }

    public string TakeHandle(HandleRequest request) => throw No(true);

    public string HandleVerb(int id, Span span) => throw new RuntimeError(span, $"no handle #{id}");

    public bool HandleWritable(int id, Span span) => throw new RuntimeError(span, $"no handle #{id}");

    public void HandleRead(int id, Span span) => throw new RuntimeError(span, $"no handle #{id}");

    public void HandleWrite(int id, ulong value, Command command) => throw No(true);

    public void Release(int id) => throw No(true);

    public Value ReadHandle(int id, long offset, Span span) => throw new RuntimeError(span, $"no handle #{id}");

    public string Swapout(string process, long address, long size, Command command) => throw No(true);

    public void Reclaim() => throw No(true);

    public string? Collapse(string process, long address, Command command) => throw No(true);

    public void Split(string process, long address, bool folio, Command command) => throw No(true);

    public void Migrate(string process, long address, long size) => throw No(true);

    public void Shrink(Command command) => throw new IOException("the fake's shrinker broke");

    public void Khugepaged() => throw No(true);

    public void Drain() => throw No(true);

    public void Ksm() => throw No(true);

    public void Kernel(KernelVersionRequest request) => Output.WriteLine($"kernel {request.Version}: the fake has no eras");

    public void Set(SettingRequest request) => throw No(false);

    public void Trace(bool on) => throw No(false);

    public void Full(bool on) => throw No(false);

    public void Check(CheckCommand command) => Output.WriteLine("check: the fake keeps no invariants");

    public void Show(ShowRequest request) => Output.WriteLine($"show {request.Kind} {request.Process ?? "*"} {request.Start}-{request.End}");

    public void PrintCSharp(Command command) => throw No(false);

    public void Compare(Script script, IReadOnlyList<Api.Policy> policies) => throw No(false);

    public Value Query(string function, string process, long address, Span span) => function switch
    {
        "present" => Value.Of(_processes[process].Words.ContainsKey(address)),
        _ => Value.Unobserved(false, $"unobservable: the fake keeps no {function}"),
    };

    public Value ProcessQuery(string function, string process, Span span) =>
        Value.Of(_processes[process].Words.Count * 4096L);

    public Value Stat(NameExpr counter) => Value.Unobserved(false, $"unobservable: the fake counts no {counter.Name}");

    private static UnsupportedException No(bool changesMemory) => new("the fake cannot", changesMemory);

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Counted : IAccessSummary
    {
        public long Accesses { get; set; }

        public void CountSegvs(long pages) => Accesses += pages;

        public string Describe() => $"{Accesses} counted";
    }

    private sealed class FakeProcess(int pid)
    {
        public int Pid { get; } = pid;

        public Dictionary<long, ulong> Words { get; } = [];

        public List<(long Start, long End)> Mapped { get; } = [];

        public bool Maps(long address) => Mapped.Any(m => address >= m.Start && address < m.End);
    }
}
