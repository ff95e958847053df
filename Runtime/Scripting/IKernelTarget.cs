using MmDsl.Language.Commands;
using MmDsl.Language.Syntax;
using MmDsl.Language.Text;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// A kernel the one <see cref="Interpreter"/> drives: the simulated machine, or a live kernel through
/// the agent. The interpreter binds names, evaluates operands, runs the language's own commands
/// (<c>let</c>, <c>for</c>, <c>include</c>, <c>print</c>, <c>expect</c>) and prints what is the same
/// on every backend; a target does the memory operations, answers queries, and explains what it did
/// in its own terms. Processes are named; a target never sees an unknown name. A command a target
/// cannot do at all is a fact of the command table (<see cref="CommandFacts"/>); one it cannot do in
/// some form throws <see cref="UnsupportedException"/>.
/// </summary>
internal interface IKernelTarget
{
    Backend Backend { get; }

    /// <summary>The kernel version whose rules this target follows (for <c>expect ... fails on</c>), or null when it is not known.</summary>
    Engine.Eras.KernelVersion? Version => null;

    /// <summary>Where a command this target cannot do is not: <c>the host</c>.</summary>
    string Where { get; }

    /// <summary>What to print for a failure of the backend itself (an agent that broke), or null for any other exception.</summary>
    string? FailureOf(Exception exception);

    /// <summary>The state the language keeps whatever the backend (names, rows, counts).</summary>
    IScriptState State { get; }

    // ---- Processes -------------------------------------------------------------------------

    bool HasProcess(string name);

    /// <summary>Live processes, in the order they were created.</summary>
    IReadOnlyList<string> ProcessNames { get; }

    /// <summary>Surrounds one command: the simulator collects its engine events, the host its counter windows.</summary>
    IDisposable Begin(Command command, bool inner);

    /// <summary>A new process: its pid, or why there is none.</summary>
    ForkOutcome NewProcess(string name);

    /// <summary>Forks PARENT into CHILD; returns the child's pid, or the error.</summary>
    ForkOutcome Fork(string parent, string child);

    /// <summary>PROCESS exits; returns what the line says after <c>exit</c> (empty when all went well).</summary>
    string Exit(string process);

    /// <summary><c>reset</c>: no process, no name, counters from zero; returns the line to print.</summary>
    string Reset();

    // ---- Memory ----------------------------------------------------------------------------

    SyscallOutcome Mmap(string process, MmapRequest request);

    /// <summary><c>memfd NAME SIZE</c>: memfd_create and ftruncate.</summary>
    SyscallOutcome Memfd(string name, long size);

    /// <summary>Whether <c>memfd NAME</c> created a memfd of that name.</summary>
    bool HasMemfd(string name);

    /// <summary><c>pwrite F OFFSET = VALUE</c>: one word through the page cache.</summary>
    SyscallOutcome Pwrite(string file, long offset, ulong value);

    /// <summary><c>pread F OFFSET</c>: one word through the page cache; null past the end of the file.</summary>
    FileReadOutcome Pread(string file, long offset);

    SyscallOutcome Munmap(string process, long address, long size);

    /// <summary><c>mlock</c> (faulting the range in: <see cref="SyscallOutcome.Populate"/>) or <c>munlock</c>.</summary>
    SyscallOutcome Mlock(string process, long address, long size, bool locked);

    SyscallOutcome Mprotect(string process, long address, long size, Protection protection);

    SyscallOutcome Mremap(string process, long address, long oldSize, long newSize, long? to);

    SyscallOutcome Madvise(string process, long address, long size, Keyword<Advice> advice);

    // ---- Access ----------------------------------------------------------------------------

    /// <summary>
    /// One 8-byte load or store. With SUMMARY, it is counted there; without, the target prints the
    /// access and the faults it took.
    /// </summary>
    AccessOutcome Access(string process, long address, bool write, ulong value, IAccessSummary? summary);

    /// <summary>A summary of the accesses to come: of a range access on PROCESS, or of a loop (null).</summary>
    IAccessSummary BeginSummary(string? process);

    /// <summary>When AT lies in a hole of PROCESS's address space, how many of the LEFT pages from it do (0 when AT is mapped, or the target cannot tell cheaply).</summary>
    long HolePages(string process, long at, long left);

    /// <summary><c>value(P, ADDR)</c>: a load that faults like <c>read</c>; the word, or why there is none.</summary>
    AccessOutcome ReadWord(string process, long address, IAccessSummary? summary);

    // ---- Pins and pipes --------------------------------------------------------------------

    /// <summary><c>pin</c>, <c>get</c>, <c>vmsplice</c>: prints the handle taken; returns the outcome to log.</summary>
    string TakeHandle(HandleRequest request);

    /// <summary>The command that took handle #ID (<c>pin</c>, <c>get</c>, <c>vmsplice</c>); no handle is an error at SPAN.</summary>
    string HandleVerb(int id, Span span);

    /// <summary>Whether handle #ID may be written through (a R/W pin or get).</summary>
    bool HandleWritable(int id, Span span);

    void HandleRead(int id, Span span);

    void HandleWrite(int id, ulong value, Command command);

    void Release(int id);

    Value ReadHandle(int id, long offset, Span span);

    // ---- Reclaim, THP, migration -----------------------------------------------------------

    /// <summary><c>swapout</c> (MADV_PAGEOUT): prints what went to swap; returns the outcome to log.</summary>
    string Swapout(string process, long address, long size, Command command);

    void Reclaim();

    /// <summary><c>collapse</c> (MADV_COLLAPSE); returns an outcome to log, or null when there is none to log.</summary>
    string? Collapse(string process, long address, Command command);

    void Split(string process, long address, bool folio, Command command);

    void Migrate(string process, long address, long size);

    void Shrink(Command command);

    void Khugepaged();

    void Drain();

    /// <summary>ksmd's full scans until the mergeable pages have merged (two in the simulator).</summary>
    void Ksm();

    // ---- Settings, inspection --------------------------------------------------------------

    void Kernel(KernelVersionRequest request);

    void Set(SettingRequest request);

    void Trace(bool on);

    /// <summary><c>full on|off</c>: print every line of what touches many pages, not runs folded into one.</summary>
    void Full(bool on);

    void Check(CheckCommand command);

    void Show(ShowRequest request);

    /// <summary><c>print --csharp</c>, <c>show --csharp</c>: the C# API's way to the same thing.</summary>
    void PrintCSharp(Command command);

    /// <summary><c>compare</c>: the script once per era, and once per policy the session defined.</summary>
    void Compare(Script script, IReadOnlyList<Api.Policy> policies);

    // ---- Queries ---------------------------------------------------------------------------

    /// <summary>A query about one address of a process (<c>refcount</c>, <c>present</c>, ...).</summary>
    Value Query(string function, string process, long address, Span span);

    /// <summary>A query about a process (<c>rss</c>, <c>swap</c>).</summary>
    Value ProcessQuery(string function, string process, Span span);

    /// <summary><c>stat(NAME)</c>.</summary>
    Value Stat(NameExpr counter);
}

/// <summary>A command, or a form of one, that a backend cannot do: the interpreter says so and goes on.</summary>
internal sealed class UnsupportedException(string why, bool changesMemory) : Exception(why)
{
    public bool ChangesMemory { get; } = changesMemory;
}
