
using static MmDsl.Language.Commands.OperandKind;

namespace MmDsl.Language.Commands;

internal static partial class CommandTable
{
    private static IEnumerable<CommandInfo> ProcessesGroup() =>
    [
        C("proc", CommandGroup.Processes, "proc NAME",
            "create a process, or switch to it",
            "Creates process NAME with an empty address space if it does not exist, and makes it the\n" +
            "current process: commands that take an optional process act on it.",
            "proc A\nshow procs", NewName),
        C("use", CommandGroup.Processes, "use NAME",
            "make an existing process current",
            "Makes NAME the current process. The process must exist.",
            "proc A\nproc B\nuse A\nmmap 4K", Process),
        C("fork", CommandGroup.Processes, "fork CHILD [from PARENT]",
            "fork a process (copy_page_range)",
            "Forks the current process (or PARENT) into a new process CHILD. Private anonymous pages\n" +
            "are shared copy-on-write: both page tables map them read-only and the folio's refcount\n" +
            "and mapcount grow. Which pages are copied at once depends on the kernel era (pinned\n" +
            "pages). The current process does not change.",
            "proc A\nmmap buf 4K\nwrite buf\nfork B\nshow refs", NewName, "from"),
        C("exit", CommandGroup.Processes, "exit [P]",
            "tear down a process's address space",
            "Process P (default: the current one) exits: every mapping is zapped and every reference\n" +
            "it held is dropped. Handles it created stay valid, as pipes and pins outlive processes.",
            "proc A\nmmap buf 4K\nwrite buf\nfork B\nexit B\nshow refs", Process),
    ];

    private static IEnumerable<CommandInfo> MappingsGroup() =>
    [
        C("mmap", CommandGroup.Mappings, "mmap [NAME] SIZE [at ADDR] [memfd F] [thp|nothp|shared|ro|rw|none|populate|dontfork|wipeonfork|locked ...]",
            "create a mapping",
            "Maps SIZE bytes of anonymous memory in the current process and prints the range. Without\n" +
            "`at`, the mapping goes to the lowest free address, 2M-aligned when it is THP-eligible and\n" +
            "at least 2M long. NAME names the start address; forked children inherit it. `memfd F`\n" +
            "maps the memfd F from offset 0 instead: private (a write copies the page-cache page) or\n" +
            "shared. Flags: thp (MADV_HUGEPAGE), nothp (MADV_NOHUGEPAGE), shared (MAP_SHARED), ro, rw,\n" +
            "none (protection), populate (MAP_POPULATE), dontfork, wipeonfork, locked (MAP_LOCKED).",
            "proc A\nmmap buf 2M thp\nmmap small 16K ro", NewName,
            "at", "memfd", "thp", "nothp", "shared", "ro", "rw", "none", "populate", "dontfork", "wipeonfork", "locked"),
        C("memfd", CommandGroup.Mappings, "memfd NAME SIZE",
            "create a memfd (memfd_create, ftruncate)",
            "Creates the memfd NAME, a shmem file of SIZE bytes with an empty page cache, that any\n" +
            "process may map (`mmap ... memfd NAME [shared]`) and that `pwrite` and `pread` write and\n" +
            "read. It lives until `reset`.",
            "proc A\nmemfd f 8K\npwrite f 0 = 7\nmmap m 8K memfd f\nread m\nwrite m = 8\npread f 0", NewName),
        C("munmap", CommandGroup.Mappings, "munmap [P] ADDR SIZE",
            "unmap a range",
            "Unmaps [ADDR, ADDR+SIZE), splitting VMAs and PMD-mapped THPs as the kernel would.",
            "proc A\nmmap buf 16K\nwrite buf 16K\nmunmap buf+4K 4K\nshow maps", OptionalProcess),
        C("mprotect", CommandGroup.Mappings, "mprotect [P] ADDR SIZE ro|rw|none",
            "change protection",
            "Changes the protection of a range, splitting VMAs and PMD mappings as needed.",
            "proc A\nmmap buf 8K\nwrite buf 8K\nmprotect buf 4K ro\nshow maps", OptionalProcess,
            "ro", "rw", "none"),
        C("mremap", CommandGroup.Mappings, "mremap [P] ADDR OLDSIZE NEWSIZE [to ADDR]",
            "grow, shrink or move a mapping",
            "Resizes the mapping at ADDR (MREMAP_MAYMOVE); with `to`, moves it to that address\n" +
            "(MREMAP_FIXED). Pages move with their page-table entries; nothing is copied.",
            "proc A\nmmap buf 8K\nwrite buf\nmremap buf 8K 16K to 1M\nshow maps", OptionalProcess, "to"),
        C("mlock", CommandGroup.Mappings, "mlock [P] ADDR SIZE",
            "lock a range in memory (mlock)",
            "Gives every mapping of the range VM_LOCKED and faults its pages in as mlock does: a write\n" +
            "fault on each page of a private writable mapping (so COW is broken there), a read fault\n" +
            "elsewhere. Locked pages are not reclaimed; dontneed, free, cold and pageout refuse a\n" +
            "locked mapping (EINVAL); a forked child does not inherit the lock. A hole is ENOMEM.",
            "proc A\nmmap buf 8K\nwrite buf 8K\nfork B\nmlock buf 8K\nshow maps", OptionalProcess),
        C("munlock", CommandGroup.Mappings, "munlock [P] ADDR SIZE",
            "unlock a range (munlock)",
            "Clears VM_LOCKED on the range; the pages stay.",
            "proc A\nmmap buf 8K\nmlock buf 8K\nmunlock buf 4K\nshow maps", OptionalProcess),
        C("madvise", CommandGroup.Mappings, "madvise [P] ADDR SIZE ADVICE",
            "give advice about a range",
            "ADVICE is one of dontneed, free, willneed, hugepage, nohugepage, collapse, pageout, cold,\n" +
            "dontfork, dofork, wipeonfork, keeponfork, mergeable, unmergeable, with the kernel's MADV_\n" +
            "meaning (mergeable: ksmd may merge the range's pages, see `ksm`; unmergeable: every KSM\n" +
            "page of the range is broken back into a private copy).",
            "proc A\nmmap buf 8K\nwrite buf 8K\nmadvise buf 4K dontneed\nshow ptes", OptionalProcess,
            "dontneed", "free", "willneed", "hugepage", "nohugepage", "collapse", "pageout", "cold",
            "dontfork", "dofork", "wipeonfork", "keeponfork", "mergeable", "unmergeable"),
    ];

    private static IEnumerable<CommandInfo> AccessGroup() =>
    [
        C("read", CommandGroup.Access, "read [P] ADDR [SIZE]  |  read #N",
            "read memory, faulting as needed",
            "Reads the 8-byte word at ADDR and prints it, taking a read fault if nothing is mapped.\n" +
            "With SIZE, read-faults every page of the range and prints a summary. `read #N` reads\n" +
            "through a handle: what a device doing DMA, or a pipe's reader, sees.",
            "proc A\nmmap buf 8K\nread buf\nwrite buf = 7\nread buf", OptionalProcess),
        C("write", CommandGroup.Access, "write [P] ADDR [SIZE] [= VALUE]  |  write #N [= VALUE]",
            "write memory, faulting as needed",
            "Writes VALUE (default: the next value of a global counter, 1, 2, 3, ...) as an 8-byte\n" +
            "word at ADDR; with SIZE, at the start of every page of the range. Prints one line per\n" +
            "fault: new page, copy or reuse, and why.",
            "proc A\nmmap buf 4K\nwrite buf\nfork B\nwrite buf = 42\nread B buf", OptionalProcess),
        C("pwrite", CommandGroup.Access, "pwrite F OFFSET = VALUE",
            "write a word to a memfd (write(2))",
            "Writes VALUE as the 8-byte word at OFFSET of the memfd F through its page cache,\n" +
            "allocating the page if the file has none there and growing the file to cover it. Every\n" +
            "shared mapping of the page sees it, and so does a private one until it writes the page.",
            "proc A\nmemfd f 4K\nmmap m 4K memfd f shared\npwrite f 8 = 5\nread m+8"),
        C("pread", CommandGroup.Access, "pread F OFFSET",
            "read a word from a memfd (read(2))",
            "Reads the 8-byte word at OFFSET of the memfd F through its page cache and prints it. A\n" +
            "hole reads 0 and allocates nothing; past the end of the file nothing is read.",
            "proc A\nmemfd f 4K\npwrite f 0 = 3\npread f 0\npread f 8"),
    ];

    private static IEnumerable<CommandInfo> PinsGroup() =>
    [
        C("pin", CommandGroup.Pins, "pin [P] ADDR [SIZE] [ro|rw] [longterm]",
            "pin pages (pin_user_pages, FOLL_PIN)",
            "Pins the pages of a range and prints a handle #N. rw pins break COW first; ro pins\n" +
            "unshare possibly shared anonymous pages from 5.19 on. longterm adds FOLL_LONGTERM.",
            "proc A\nmmap buf 4K\nwrite buf\npin buf rw longterm\nshow pins", OptionalProcess,
            "ro", "rw", "longterm"),
        C("get", CommandGroup.Pins, "get [P] ADDR [SIZE] [ro|rw]",
            "take page references (get_user_pages, FOLL_GET)",
            "Takes a reference on each page of a range and prints a handle #N.",
            "proc A\nmmap buf 4K\nwrite buf\nget buf\nshow refs", OptionalProcess, "ro", "rw"),
        C("vmsplice", CommandGroup.Pins, "vmsplice [P] ADDR [SIZE]",
            "splice pages into a pipe",
            "vmsplice(2) of the range into a new pipe: the pipe holds a read-only reference to each\n" +
            "page (FOLL_GET) and prints a handle #N; `read #N` is what the pipe's reader gets.",
            "proc A\nmmap buf 4K\nwrite buf = 1\nvmsplice buf\nread #1", OptionalProcess),
        C("unpin", CommandGroup.Pins, "unpin #N", "release a pin (unpin_user_pages)",
            "Drops the pins held by handle #N.", "proc A\nmmap buf 4K\nwrite buf\npin buf\nunpin #1\nshow pins", Handle),
        C("put", CommandGroup.Pins, "put #N", "release references taken by get (put_page)",
            "Drops the references held by handle #N.", "proc A\nmmap buf 4K\nwrite buf\nget buf\nput #1\nshow pins", Handle),
        C("close", CommandGroup.Pins, "close #N", "close a pipe made by vmsplice",
            "Closes the pipe of handle #N, dropping its page references.",
            "proc A\nmmap buf 4K\nwrite buf\nvmsplice buf\nclose #1\nshow pins", Handle),
    ];
}
