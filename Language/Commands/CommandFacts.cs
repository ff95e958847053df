using System.Collections.Frozen;
using MmDsl.Language.Syntax;

namespace MmDsl.Language.Commands;

/// <summary>The backends a script can run on.</summary>
internal enum Backend
{
    /// <summary>The simulated machine: every command.</summary>
    Simulator,

    /// <summary>A live kernel, driven from user space through the agent.</summary>
    LiveKernel,
}

/// <summary>
/// What the runtime needs to know of a command beyond its syntax: whether it changes the session's
/// state (<c>undo</c> keeps a snapshot before it, unless it is <c>undo</c> itself), whether it
/// changes memory (a backend that cannot run it no longer matches the simulator after it), and
/// which backends cannot run it and why.
/// </summary>
internal sealed record CommandFacts(string Name, bool ChangesState, bool ChangesMemory, string? NotOnLiveKernel = null)
{
    /// <summary>Why <paramref name="backend"/> cannot run the command, or null when it can.</summary>
    public string? Unsupported(Backend backend) => backend == Backend.LiveKernel ? NotOnLiveKernel : null;

    private const string Snippets = "C# snippets run against the simulator's engine";
    private const string SessionCommand = "a session command of the simulator";

    /// <summary>Changes memory (and so the session's state).</summary>
    private static CommandFacts Memory(string name, string? notOnLiveKernel = null) => new(name, true, true, notOnLiveKernel);

    /// <summary>Changes the session's state (names, the current process, settings of the run), not memory.</summary>
    private static CommandFacts State(string name, string? notOnLiveKernel = null) => new(name, true, false, notOnLiveKernel);

    /// <summary>Looks, changes nothing.</summary>
    private static CommandFacts Look(string name, string? notOnLiveKernel = null) => new(name, false, false, notOnLiveKernel);

    private static readonly FrozenDictionary<string, CommandFacts> ByName = new[]
    {
        Memory("proc"), State("use"), Memory("fork"), Memory("exit"),
        Memory("mmap"), Memory("memfd"), Memory("munmap"), Memory("mprotect"), Memory("mremap"), Memory("madvise"), Memory("mlock"), Memory("munlock"),
        Memory("read"), Memory("write"), Memory("pwrite"), Memory("pread"),
        Memory("pin"), Memory("get"), Memory("vmsplice"), Memory("unpin"), Memory("put"), Memory("close"),
        Memory("swapout"), Memory("collapse"), Memory("split"), Memory("shrink"),
        Memory("reclaim", "user space cannot ask for global reclaim of anonymous memory"),
        Memory("migrate", "user space cannot move a page to a new frame on the same node"),
        Memory("khugepaged", "khugepaged is parked for the run; it scans on its own schedule"),
        Memory("drain"),
        Memory("ksm"),
        Memory("kernel"), Memory("set"), Memory("reset"),
        State("trace", "the live kernel does not explain its decisions"),
        State("full", "the live kernel's output has no runs folded to unfold"),
        Look("show"), Look("print"), Look("expect"), State("let"),
        Look("check", "the simulator's invariants are about its own bookkeeping"),
        Memory("for"), Memory("include"), Memory("run"),
        Memory("cs", Snippets),
        State("cs load", Snippets),
        State("expect { }", Snippets),
        State("policy", "a policy is a rule of the simulator's; the live kernel decides as it was built"),
        State("policy load", "a policy is a rule of the simulator's; the live kernel decides as it was built"),
        State("compare", SessionCommand),
        new("undo", false, true, "the live kernel cannot go back"),
        Look("save", SessionCommand),
        Look("report", SessionCommand),
        Look("history", SessionCommand),
        Look("help", SessionCommand),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The facts of a parsed command.</summary>
    public static CommandFacts Of(Command command) => ByName[NameOf(command)];

    /// <summary>The facts of the command called <paramref name="name"/> (as the command table names it), or null.</summary>
    public static CommandFacts? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The command table's name of a parsed command.</summary>
    public static string NameOf(Command command) => command switch
    {
        ProcCommand => "proc",
        UseCommand => "use",
        ForkCommand => "fork",
        ExitCommand => "exit",
        MmapCommand => "mmap",
        MemfdCommand => "memfd",
        PwriteCommand => "pwrite",
        PreadCommand => "pread",
        MunmapCommand => "munmap",
        MprotectCommand => "mprotect",
        MremapCommand => "mremap",
        MadviseCommand => "madvise",
        MlockCommand { Unlock: false } => "mlock",
        MlockCommand => "munlock",
        ReadCommand or HandleReadCommand => "read",
        WriteCommand or HandleWriteCommand => "write",
        PinCommand => "pin",
        GetCommand => "get",
        VmspliceCommand => "vmsplice",
        ReleaseCommand { Kind: ReleaseKind.Unpin } => "unpin",
        ReleaseCommand { Kind: ReleaseKind.Put } => "put",
        ReleaseCommand => "close",
        SwapoutCommand => "swapout",
        ReclaimCommand => "reclaim",
        CollapseCommand => "collapse",
        SplitCommand => "split",
        MigrateCommand => "migrate",
        ShrinkCommand => "shrink",
        KhugepagedCommand => "khugepaged",
        DrainCommand => "drain",
        KsmCommand => "ksm",
        KernelCommand => "kernel",
        SetCommand => "set",
        TraceCommand => "trace",
        FullCommand => "full",
        ResetCommand => "reset",
        ShowCommand => "show",
        CheckCommand => "check",
        PrintCommand => "print",
        LetCommand => "let",
        ExpectCommand => "expect",
        ForCommand => "for",
        IncludeCommand => "include",
        RunCommand => "run",
        CSharpCommand => "cs",
        CSharpLoadCommand => "cs load",
        CSharpExpectCommand => "expect { }",
        PolicyCommand => "policy",
        PolicyLoadCommand => "policy load",
        CompareCommand => "compare",
        UndoCommand => "undo",
        SaveCommand => "save",
        ReportCommand => "report",
        HistoryCommand => "history",
        HelpCommand => "help",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "a command with no facts"),
    };
}
