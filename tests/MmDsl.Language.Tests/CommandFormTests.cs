using static MmDsl.Language.Tests.SyntaxPrinter;

namespace MmDsl.Language.Tests;

/// <summary>Every command form of the language parses to the expected tree.</summary>
public class CommandFormTests
{
    public static TheoryData<string, string> Processes => new()
    {
        { "proc A", "(proc A)" },
        { "use A", "(use A)" },
        { "fork B", "(fork B)" },
        { "fork C from B", "(fork C from B)" },
        { "exit", "(exit)" },
        { "exit B", "(exit B)" },
    };

    public static TheoryData<string, string> Mappings => new()
    {
        { "mmap 4K", "(mmap _ 4096s [])" },
        { "mmap buf 2M thp", "(mmap buf 2097152s [Thp])" },
        { "mmap 2M thp", "(mmap _ 2097152s [Thp])" },
        { "mmap small 16K ro", "(mmap small 16384s [ReadOnly])" },
        { "mmap buf 2M at 0x200000", "(mmap buf 2097152s at 2097152 [])" },
        { "mmap buf 2M at 0x200000 thp shared populate", "(mmap buf 2097152s at 2097152 [Thp Shared Populate])" },
        { "mmap 8K nothp rw none dontfork wipeonfork", "(mmap _ 8192s [NoThp ReadWrite None DontFork WipeOnFork])" },
        { "mmap big 1T", "(mmap big 1099511627776s [])" },
        { "mmap m 8K memfd f", "(mmap m 8192s memfd f [])" },
        { "mmap m 8K at 4M memfd f shared ro", "(mmap m 8192s at 4194304s memfd f [Shared ReadOnly])" },
        { "mmap 4K shared memfd f", "(mmap _ 4096s memfd f [Shared])" },
        { "memfd f 64K", "(memfd f 65536s)" },
        { "memfd f 2*4K", "(memfd f (* 2 4096s))" },
        { "mmap buf 2*2M", "(mmap buf (* 2 2097152s) [])" },
        { "mmap buf 8K locked populate", "(mmap buf 8192s [Locked Populate])" },
        { "mlock buf 8K", "(mlock [buf 8192s])" },
        { "mlock A buf+4K 4K", "(mlock [A (+ buf 4096s) 4096s])" },
        { "munlock buf 8K", "(munlock [buf 8192s])" },
        { "munmap buf 4K", "(munmap [buf 4096s])" },
        { "munmap A buf+4K 4K", "(munmap [A (+ buf 4096s) 4096s])" },
        { "mprotect buf 4K ro", "(mprotect [buf 4096s] ReadOnly)" },
        { "mprotect A buf 4K none", "(mprotect [A buf 4096s] None)" },
        { "mprotect buf 8K rw", "(mprotect [buf 8192s] ReadWrite)" },
        { "mremap buf 8K 16K", "(mremap [buf 8192s 16384s])" },
        { "mremap buf 8K 16K to 1M", "(mremap [buf 8192s 16384s] to 1048576s)" },
        { "mremap A buf 8K 16K to 1M", "(mremap [A buf 8192s 16384s] to 1048576s)" },
        { "madvise buf 4K dontneed", "(madvise [buf 4096s] DontNeed)" },
        { "madvise A buf 2M hugepage", "(madvise [A buf 2097152s] HugePage)" },
        { "madvise buf 4K free", "(madvise [buf 4096s] Free)" },
        { "madvise buf 4K willneed", "(madvise [buf 4096s] WillNeed)" },
        { "madvise buf 4K nohugepage", "(madvise [buf 4096s] NoHugePage)" },
        { "madvise buf 2M collapse", "(madvise [buf 2097152s] Collapse)" },
        { "madvise buf 4K pageout", "(madvise [buf 4096s] PageOut)" },
        { "madvise buf 4K cold", "(madvise [buf 4096s] Cold)" },
        { "madvise buf 4K dontfork", "(madvise [buf 4096s] DontFork)" },
        { "madvise buf 4K dofork", "(madvise [buf 4096s] DoFork)" },
        { "madvise buf 4K wipeonfork", "(madvise [buf 4096s] WipeOnFork)" },
        { "madvise buf 4K keeponfork", "(madvise [buf 4096s] KeepOnFork)" },
        { "madvise buf 4K mergeable", "(madvise [buf 4096s] Mergeable)" },
    };

    public static TheoryData<string, string> Access => new()
    {
        { "read buf", "(read [buf])" },
        { "read B buf", "(read [B buf])" },
        { "read A buf 8K", "(read [A buf 8192s])" },
        { "read #1", "(read #1)" },
        { "pwrite f 8 = 5", "(pwrite f 8 5)" },
        { "pwrite f 4K+8 = 1+1", "(pwrite f (+ 4096s 8) (+ 1 1))" },
        { "pread f 0", "(pread f 0)" },
        { "write 0x1000", "(write [4096])" },
        { "write A 0x1000", "(write [A 4096])" },
        { "write buf 4K", "(write [buf 4096s])" },
        { "write A buf 4K", "(write [A buf 4096s])" },
        { "write A buf+0x1000 = 5", "(write [A (+ buf 4096)] = 5)" },
        { "write buf = 42", "(write [buf] = 42)" },
        { "write A buf 8K = -1", "(write [A buf 8192s] = (neg 1))" },
        { "write #2", "(write #2)" },
        { "write #2 = 7", "(write #2 = 7)" },
        { "write A buf+4K 8K", "(write [A (+ buf 4096s) 8192s])" },
    };

    public static TheoryData<string, string> Pins => new()
    {
        { "pin buf", "(pin [buf])" },
        { "pin buf rw longterm", "(pin [buf] ReadWrite longterm)" },
        { "pin A buf 8K longterm ro", "(pin [A buf 8192s] ReadOnly longterm)" },
        { "pin buf longterm", "(pin [buf] longterm)" },
        { "get buf", "(get [buf])" },
        { "get A buf 4K ro", "(get [A buf 4096s] ReadOnly)" },
        { "vmsplice buf", "(vmsplice [buf])" },
        { "vmsplice A buf 8K", "(vmsplice [A buf 8192s])" },
        { "unpin #1", "(unpin #1)" },
        { "put #2", "(put #2)" },
        { "close #3", "(close #3)" },
    };

    public static TheoryData<string, string> Reclaim => new()
    {
        { "swapout buf", "(swapout [buf])" },
        { "swapout A buf 8K", "(swapout [A buf 8192s])" },
        { "reclaim", "(reclaim)" },
        { "collapse buf", "(collapse [buf])" },
        { "collapse A buf", "(collapse [A buf])" },
        { "split buf", "(split [buf])" },
        { "split A buf", "(split [A buf])" },
        { "split folio buf", "(split folio [buf])" },
        { "split folio A buf+4K", "(split folio [A (+ buf 4096s)])" },
        { "migrate buf", "(migrate [buf])" },
        { "migrate A buf 2M", "(migrate [A buf 2097152s])" },
        { "shrink", "(shrink)" },
        { "khugepaged", "(khugepaged)" },
        { "drain", "(drain)" },
    };

    public static TheoryData<string, string> Machine => new()
    {
        { "kernel 5.4", "(kernel \"5.4\")" },
        { "kernel 5.10", "(kernel \"5.10\")" },
        { "kernel 5.16", "(kernel \"5.16\")" },
        { "kernel 6.1", "(kernel \"6.1\")" },
        { "kernel 6.18", "(kernel \"6.18\")" },
        { "kernel latest", "(kernel \"latest\")" },
        { "kernel 5.10.13", "(kernel \"5.10.13\")" },
        { "kernel 6.1-rc3", "(kernel \"6.1-rc3\")" },
        { "kernel v6.8", "(kernel \"v6.8\")" },
        { "set thp always", "(set thp always)" },
        { "set thp madvise", "(set thp madvise)" },
        { "set thp never", "(set thp never)" },
        { "set thp.16K inherit", "(set thp.16384 inherit)" },
        { "set thp.1M always", "(set thp.1048576 always)" },
        { "set thp.64kB never", "(set thp.65536 never)" },
        { "set thp.use_zero_page off", "(set thp.use_zero_page off)" },
        { "set swap 1G", "(set swap 1073741824s)" },
        { "set swap 0", "(set swap 0)" },
        { "set memory 16G", "(set memory 17179869184s)" },
        { "set khugepaged.max_ptes_none 511", "(set khugepaged.max_ptes_none 511)" },
        { "set khugepaged.max_ptes_swap 64", "(set khugepaged.max_ptes_swap 64)" },
        { "set khugepaged.max_ptes_shared 256", "(set khugepaged.max_ptes_shared 256)" },
        { "trace on", "(trace on)" },
        { "trace off", "(trace off)" },
        { "reset", "(reset)" },
    };

    public static TheoryData<string, string> Inspection => new()
    {
        { "show procs", "(show Procs [])" },
        { "show maps", "(show Maps [])" },
        { "show maps A", "(show Maps [A])" },
        { "show ptes", "(show Ptes [])" },
        { "show ptes A", "(show Ptes [A])" },
        { "show ptes buf 8K", "(show Ptes [buf 8192s])" },
        { "show ptes A buf 8K", "(show Ptes [A buf 8192s])" },
        { "show refs", "(show Refs [])" },
        { "show refs A", "(show Refs [A])" },
        { "show folio buf", "(show Folio [buf])" },
        { "show folio A buf", "(show Folio [A buf])" },
        { "show swap", "(show Swap [])" },
        { "show pins", "(show Pins [])" },
        { "show stats", "(show Stats [])" },
        { "show refs --csharp", "(show Refs [] --csharp)" },
        { "show folio A buf --csharp", "(show Folio [A buf] --csharp)" },
        { "check", "(check)" },
    };

    public static TheoryData<string, string> Queries => new()
    {
        { "print refcount(A, buf)", "(print (refcount A buf))" },
        { "print value(buf)", "(print (value buf))" },
        { "print rss(A)", "(print (rss A))" },
        { "print rss()", "(print (rss))" },
        { "print stat(pgfault)", "(print (stat pgfault))" },
        { "print handle(#1)", "(print (handle #1))" },
        { "print handle(#1, 8)", "(print (handle #1 8))" },
        { "print mapcount(A, buf) --csharp", "(print (mapcount A buf) --csharp)" },
        { "let p0 = pfn(A, buf)", "(let p0 (pfn A buf))" },
        { "expect pfn(A, buf) == p0", "(expect (== (pfn A buf) p0))" },
        { "expect refcount(A, buf) == 2", "(expect (== (refcount A buf) 2))" },
        { "expect pmd_mapped(B, buf)", "(expect (pmd_mapped B buf))" },
        { "expect value(B, buf) != value(A, buf)", "(expect (!= (value B buf) (value A buf)))" },
        { "expect not present(A, buf) and swapped(A, buf) or thp(A, buf)",
            "(expect (or (and (not (present A buf)) (swapped A buf)) (thp A buf)))" },
        { "expect not rss(A) == 0", "(expect (not (== (rss A) 0)))" },
        { "expect pins(A, buf) >= 1 and order(A, buf) < 9", "(expect (and (>= (pins A buf) 1) (< (order A buf) 9)))" },
        { "expect mapcount(A, buf) <= 2 or anon_exclusive(A, buf)",
            "(expect (or (<= (mapcount A buf) 2) (anon_exclusive A buf)))" },
        { "expect writable(A, buf) and mapped_exclusive(A, buf) and swapcache(A, buf) > 0",
            "(expect (and (and (writable A buf) (mapped_exclusive A buf)) (> (swapcache A buf) 0)))" },
        { "expect swap(A) > 0", "(expect (> (swap A) 0))" },
    };

    public static TheoryData<string, string> Expressions => new()
    {
        { "print buf + 3*4K", "(print (+ buf (* 3 4096s)))" },
        { "print (buf + 2M) - 4K", "(print (- (+ buf 2097152s) 4096s))" },
        { "print 1 - 2 - 3", "(print (- (- 1 2) 3))" },
        { "print 2 * 3 * 4", "(print (* (* 2 3) 4))" },
        { "print -x * 2", "(print (* (neg x) 2))" },
        { "print - -1", "(print (neg (neg 1)))" },
        { "print not not x", "(print (not (not x)))" },
        { "print 1 + 2 == 3", "(print (== (+ 1 2) 3))" },
        { "print a or b and c", "(print (or a (and b c)))" },
        { "print (a or b) and c", "(print (and (or a b) c))" },
        { "print 0x20_0000", "(print 2097152)" },
        { "print 1_000", "(print 1000)" },
        { "print 0xffffffffffffffff", "(print -1)" },
        { "print 18446744073709551615", "(print -1)" },
        { "print 4k + 4kb + 4KiB + 4KIB + 4Kb", "(print (+ (+ (+ (+ 4096s 4096s) 4096s) 4096s) 4096s))" },
        { "print 2m + 1GiB + 1T", "(print (+ (+ 2097152s 1073741824s) 1099511627776s))" },
        { "print 0x10K", "(print 16384s)" },
        { "print _x + x_1", "(print (+ _x x_1))" },
    };

    public static TheoryData<string, string> Blocks => new()
    {
        { "for i in 0..4 { write buf + i*4K = i }", "(for i 0 4 {(write [(+ buf (* i 4096s))] = i)})" },
        { "for i in 0..4 {\n  write buf + i*4K\n  read buf\n}", "(for i 0 4 {(write [(+ buf (* i 4096s))]) (read [buf])})" },
        { "for i in 0..2 { for j in i..2 { write A buf + j*4K } }", "(for i 0 2 {(for j i 2 {(write [A (+ buf (* j 4096s))])})})" },
        { "for i in 0..2 { write buf; read buf }", "(for i 0 2 {(write [buf]) (read [buf])})" },
        { "for i in 0..n+1 {}", "(for i 0 (+ n 1) {})" },
        { "include \"path.mm\"", "(include \"path.mm\")" },
        { "include \"dir with space/a \\\"b\\\".mm\"", "(include \"dir with space/a \"b\".mm\")" },
        { "include lib/common.mm", "(include \"lib/common.mm\")" },
        { "cs { Run(\"fork C\"); }", "(cs \" Run(\"fork C\"); \")" },
        { "cs load helpers.csx", "(cs-load \"helpers.csx\")" },
        { "cs load \"my helpers.csx\"", "(cs-load \"my helpers.csx\")" },
        { "expect { Machine.Processes.Count == 2 }", "(expect-cs \" Machine.Processes.Count == 2 \")" },
    };

    public static TheoryData<string, string> Session => new()
    {
        { "compare { proc A; fork B }", "(compare {(proc A) (fork B)})" },
        { "compare {\nproc A\nprint rss(A)\n}", "(compare {(proc A) (print (rss A))})" },
        { "compare scenario.mm", "(compare \"scenario.mm\")" },
        { "compare \"a b.mm\"", "(compare \"a b.mm\")" },
        { "undo", "(undo)" },
        { "save session.mm", "(save \"session.mm\")" },
        { "run ../scripts/000-basics/fork.mm", "(run \"../scripts/000-basics/fork.mm\")" },
        { "run C:\\scripts\\x.mm", "(run \"C:\\scripts\\x.mm\")" },
        { "history", "(history)" },
        { "help", "(help)" },
        { "help mmap", "(help mmap)" },
    };

    [Theory]
    [MemberData(nameof(Processes))]
    [MemberData(nameof(Mappings))]
    [MemberData(nameof(Access))]
    [MemberData(nameof(Pins))]
    [MemberData(nameof(Reclaim))]
    [MemberData(nameof(Machine))]
    [MemberData(nameof(Inspection))]
    [MemberData(nameof(Queries))]
    [MemberData(nameof(Expressions))]
    [MemberData(nameof(Blocks))]
    [MemberData(nameof(Session))]
    public void Parses(string input, string expected) => Assert.Equal(expected, Parse(input));
}
