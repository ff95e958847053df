using MmDsl.Language.Syntax;
using MmDsl.Language.Text;
using MmDsl.Engine.Eras;

namespace MmDsl.Runtime.Scripting;

/// <summary>
/// What a system call returned: ERROR (an errno or a signal, null for success) with DETAIL, and on
/// success the address it gives (mmap, mremap), the lengths it covered, and what population faulted.
/// </summary>
internal sealed record SyscallOutcome(string? Error, string? Detail = null)
{
    public static SyscallOutcome Ok { get; } = new((string?)null);

    public long Address { get; init; }

    /// <summary>mmap: the length mapped; mremap: the old length.</summary>
    public long Length { get; init; }

    /// <summary>mremap: the new length.</summary>
    public long NewLength { get; init; }

    /// <summary>mmap populate: what faulting the range in did, or null.</summary>
    public string? Populate { get; init; }

    /// <summary>The outcome as the outcome log keeps it: <c>ok</c> or the error.</summary>
    public string Outcome => Error ?? "ok";

    public static SyscallOutcome Failed(string error, string? detail) => new(error, detail);
}

/// <summary>A new process or a fork: its pid, or the error (EAGAIN at pid_max) with why.</summary>
internal sealed record ForkOutcome(int Pid, string? Error = null, string? Detail = null);

/// <summary>An 8-byte access: the outcome to log, the word read, and whether a range access must stop.</summary>
internal readonly record struct AccessOutcome(string Outcome, ulong Value, bool Stop = false)
{
    /// <summary>Why a <c>value()</c> has no word (SIGSEGV, out of memory), or null.</summary>
    public string? Failure { get; init; }
}

/// <summary>The accesses of a range command or a long loop, counted instead of printed.</summary>
internal interface IAccessSummary
{
    long Accesses { get; }

    /// <summary>PAGES accesses that each died of SIGSEGV (a hole in the range).</summary>
    void CountSegvs(long pages);

    /// <summary>What the accesses did: <c>3 faults: anon fault -> new page x3</c>.</summary>
    string Describe();
}

/// <summary><c>mmap [NAME] SIZE [at ADDR] [FLAG ...]</c>, evaluated.</summary>
internal sealed record MmapRequest(string? Name, long Size, long? At, IReadOnlySet<MmapFlag> Flags)
{
    /// <summary>The memfd to map from offset 0, or null for anonymous memory.</summary>
    public string? File { get; init; }
}

/// <summary><c>pread</c>: the word read (null at or past the end of the file), or the error.</summary>
internal sealed record FileReadOutcome(ulong? Value, string? Error = null);

/// <summary><c>pin</c>, <c>get</c> or <c>vmsplice</c>, evaluated.</summary>
internal sealed record HandleRequest(string Verb, string Process, long Address, long Size, bool Write, bool LongTerm, Command Command);

/// <summary><c>kernel VERSION</c>, parsed; PINNED when the command line chose the kernel.</summary>
/// <summary><c>kernel VERSION</c>, or <c>kernel NAME</c> of a policy (<paramref name="Policy"/>, over <paramref name="Version"/>).</summary>
internal sealed record KernelVersionRequest(KernelVersion Version, bool Pinned, Span Span, Api.PolicyOverrides? Policy = null);

/// <summary><c>set KEY VALUE</c>: the command, and how to evaluate its value when it is a number.</summary>
internal sealed record SettingRequest(SetCommand Command, Func<Expr, string, long> Evaluate)
{
    public string Key => Command.Key;

    /// <summary>The word, or an error at the value: the setting takes a word.</summary>
    public string RequireWord() => Command.Value is WordSetValue w
        ? w.Word
        : throw new RuntimeError(Command.Value.Span, "expected a word such as always, madvise, never, on or off");

    /// <summary>The number, or an error at the value: the setting takes WHAT.</summary>
    public long RequireNumber(string what) => Command.Value is ExprSetValue e
        ? Evaluate(e.Value, what)
        : throw new RuntimeError(Command.Value.Span, $"expected {what}");
}

/// <summary>
/// <c>show KIND</c>, bound: the process it names (null: every process, or the current one where
/// the kind takes one), and the range (<c>show ptes</c>, <c>show folio</c>).
/// </summary>
internal sealed record ShowRequest(ShowKind Kind, string? Process, long Start, long End, ShowCommand Command)
{
    /// <summary>The end of a range that covers the whole address space: the target knows how large it is.</summary>
    public const long Whole = long.MaxValue;
}
