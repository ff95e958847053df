
using static MmDsl.Language.Commands.OperandKind;

namespace MmDsl.Language.Commands;

internal static partial class CommandTable
{
    private static IEnumerable<CommandInfo> InspectionGroup() =>
    [
        C("show", CommandGroup.Inspection, "show procs|maps|ptes|refs|graph|folio|swap|pins|stats|eras [operands]",
            "show the machine's state",
            "show procs: processes, parent, RSS, VMA count.\n" +
            "show maps [P]: VMAs like /proc/PID/maps, with smaps-style Rss, AnonHugePages, Swap.\n" +
            "show ptes [P] [ADDR [SIZE]]: page-table entries.\n" +
            "show refs: every page frame in use, its counts, flags and who maps it.\n" +
            "show graph [P] [ADDR [SIZE]] [--dot]: who maps what, drawn: processes, VMAs,\n" +
            "page-table entries and folios, runs of like entries folded; --dot for Graphviz.\n" +
            "show folio [P] ADDR: one folio in detail, page by page.\n" +
            "show swap: swap slots in use. show pins: open handles. show stats: counters.\n" +
            "show eras: the kernel eras, their versions and commits, and every fact that changes\n" +
            "between kernels with the version and commit that changed it.",
            "proc A\nmmap buf 2M thp\nwrite buf\nfork B\nshow refs", Keyword,
            "procs", "maps", "ptes", "refs", "graph", "folio", "swap", "pins", "stats", "eras"),
        C("check", CommandGroup.Inspection, "check",
            "verify the engine's invariants now",
            "Recomputes refcounts and mapcounts from page tables, pins and the swap cache, and\n" +
            "prints any difference. A violation fails the script like a failed expect.",
            "proc A\nmmap buf 4K\nwrite buf\ncheck"),
    ];

    private static IEnumerable<CommandInfo> QueriesGroup() =>
    [
        C("print", CommandGroup.Queries, "print EXPR",
            "print the value of an expression",
            "Evaluates EXPR (numbers, names, queries such as refcount(A, buf)) and prints it.",
            "proc A\nmmap buf 4K\nwrite buf\nprint refcount(A, buf)", Expression),
        C("let", CommandGroup.Queries, "let NAME = EXPR",
            "keep a value for later lines",
            "Binds NAME to the value of EXPR, for example the pfn of a page before a write.",
            "proc A\nmmap buf 4K\nwrite buf\nlet p0 = pfn(A, buf)\nwrite buf\nexpect pfn(A, buf) == p0", NewName),
        C("expect", CommandGroup.Queries, "expect COND [fails on VERSIONS]  |  expect { C# } [fails on VERSIONS]",
            "assert a condition",
            "Checks COND; a failure prints the condition and both sides, the script goes on and\n" +
            "exits non-zero. `expect { ... }` asserts a C# boolean expression. `fails on VERSIONS`\n" +
            "states the kernels on which the condition is known to fail (a kernel bug, an older\n" +
            "rule): there a failure is expected (xfail) and a pass is the surprise (xpass).\n" +
            "VERSIONS are versions and ranges: 5.8, 5.9-5.17, <=5.7, >=6.9, 6.15+ (era names work).",
            "proc A\nmmap buf 4K\nwrite buf\nfork B\nexpect mapcount(A, buf) == 2\nexpect refcount(A, buf) == 1 fails on 2.6-6.18", Expression, "fails", "on"),
    ];

    private static IEnumerable<CommandInfo> BlocksGroup() =>
    [
        C("for", CommandGroup.Blocks, "for VAR in FROM..TO { ... }",
            "repeat a block",
            "Runs the block for VAR = FROM, FROM+1, ..., TO-1.",
            "proc A\nmmap buf 16K\nfor i in 0..4 { write buf + i*4K = i }\nread buf+8K", NewName, "in"),
        C("include", CommandGroup.Blocks, "include \"FILE\"",
            "run another script here",
            "Runs FILE, relative to the including file, as if its lines were written here.",
            "", OperandKind.File) with
        {
            Transcript =
                "# setup.mm holds: proc A / mmap buf 2M thp / write buf\n" +
                "> include \"setup.mm\"\n" +
                "A: new process (pid 1)\n" +
                "A: mmap buf 0x0-0x200000 (2M) thp\n" +
                "A: write 0x0 = 1: huge anon fault -> new thp 0x400\n" +
                "> fork B\n" +
                "B: fork of A (pid 2)",
        },
        C("cs", CommandGroup.Blocks, "cs { C# }  |  cs load FILE.csx",
            "run C# against the engine",
            "Runs C# statements with the machine in scope; a final expression's value is printed.\n" +
            "Variables and methods stay defined for later snippets. `cs load` runs a file of helpers.",
            "", Keyword, "load") with
        {
            Transcript =
                "> proc A\n" +
                "A: new process (pid 1)\n" +
                "> mmap buf 4K\n" +
                "A: mmap buf 0x0-0x1000 (4K)\n" +
                "> write buf\n" +
                "A: write 0x0 = 1: anon fault -> new page 0x400\n" +
                "> cs { var f = Folio(0x400); f.RefCount }\n" +
                "2\n" +
                "> expect { Stat(\"pgfault\") == 1 }",
        },
        C("policy", CommandGroup.Blocks, "policy NAME : VERSION { C# members }  |  policy load FILE.cs",
            "define a kernel rule of your own",
            "Defines a policy: the kernel VERSION with some decisions replaced by C# overrides of the\n" +
            "Policy class (WriteFault, HugeWriteFault, SwapIn, ForkCopies, PinUnshares); `kernel NAME`\n" +
            "then runs under it. `policy load` reads classes deriving from Policy from a file.",
            "", Keyword, "load") with
        {
            Transcript =
                "> policy always-copy : 6.18 { public override WriteDecision WriteFault(WriteFault f) => f.Copy(\"always\"); }\n" +
                "policy always-copy : 6.18 (era 6.15+)\n" +
                "> kernel always-copy\n" +
                "kernel always-copy: policy always-copy on 6.18 (era 6.15+)\n" +
                "> proc A\n" +
                "A: new process (pid 1)\n" +
                "> mmap buf 4K\n" +
                "A: mmap buf 0x0-0x1000 (4K)\n" +
                "> write buf\n" +
                "A: write 0x0 = 1: anon fault -> new page 0x400",
        },
    ];

    private static IEnumerable<CommandInfo> SessionGroup() =>
    [
        C("compare", CommandGroup.Session, "compare { ... }  |  compare FILE",
            "run a scenario under every kernel era",
            "Runs the block or file once per era and prints a table: a row per expect and print,\n" +
            "a column per era; rows that differ are marked *, outcomes not as stated (see expect's\n" +
            "`fails on`) are marked ! and fail the script.",
            "compare { proc A; mmap buf 4K; write buf; fork B; exit B; write buf; expect stat(pgreuse) == 1 fails on <=5.17 }",
            OperandKind.File),
        C("undo", CommandGroup.Session, "undo", "return to the state before the last command",
            "Restores the machine as it was before the last command that changed it.",
            "proc A\nmmap buf 4K\nwrite buf = 1\nwrite buf = 2\nundo\nread buf"),
        C("save", CommandGroup.Session, "save FILE", "save the session as a script",
            "Writes the session's successful commands to FILE, as a script that rebuilds this state.", "", OperandKind.File) with
        {
            Transcript =
                "> proc A\n" +
                "A: new process (pid 1)\n" +
                "> mmap buf 4K\n" +
                "A: mmap buf 0x0-0x1000 (4K)\n" +
                "> save state.mm\n" +
                "save: 2 commands to state.mm",
        },
        C("report", CommandGroup.Session, "report [FILE]", "write the session so far as an HTML report",
            "Runs the session's successful commands again, step by step, and writes the page of\n" +
            "`mmdsl report` to FILE (default session.html): each command, its output and the\n" +
            "state graph after it, and timelines of the folios whose counts change.", "", OperandKind.File) with
        {
            Transcript =
                "> proc A\n" +
                "A: new process (pid 1)\n" +
                "> mmap buf 4K\n" +
                "A: mmap buf 0x0-0x1000 (4K)\n" +
                "> write buf\n" +
                "A: write 0x0 = 1: anon fault -> new page 0x400\n" +
                "> report tour.html\n" +
                "report: kernel 6.18 (era 6.15+), 3 steps, 1 process and 1 folio at the end -> tour.html (5K)",
        },
        C("run", CommandGroup.Session, "run FILE", "run a script inside the session",
            "Runs FILE's commands in this session, as if typed.", "", OperandKind.File) with
        {
            Transcript =
                "# setup.mm holds: proc A / mmap buf 2M thp / write buf\n" +
                "> run setup.mm\n" +
                "A: new process (pid 1)\n" +
                "A: mmap buf 0x0-0x200000 (2M) thp\n" +
                "A: write 0x0 = 1: huge anon fault -> new thp 0x400\n" +
                "> history\n" +
                "   1  run setup.mm",
        },
        C("history", CommandGroup.Session, "history", "list the session's commands",
            "Lists the commands typed in this session, numbered.",
            "proc A\nmmap buf 4K\nhistory"),
        C("help", CommandGroup.Session, "help [COMMAND]", "list commands, or describe one",
            "Without an argument, lists the commands by group; with one, prints its synopsis,\n" +
            "description and a worked example with its output.", "help reset", Keyword),
    ];
}
