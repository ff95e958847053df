using System.Text.RegularExpressions;
using MmDsl.Language.Text;
using MmDsl.Engine;
using MmDsl.Engine.Checks;
using MmDsl.Runtime.Scripting;

namespace MmDsl.Runtime.Tests.Edges;

/// <summary>
/// Boundary numbers in every numeric operand of every command, each command in a fresh session
/// with mappings, a child and a pin, and the invariant checker after it: no exception, no
/// violation, and no system call that takes an operand outside the user address space and
/// reports success. Deterministic: the same cases in the same order on every run.
/// </summary>
public partial class BoundaryFuzzTests
{
    /// <summary>0, 1, a page less one, a page, TASK_SIZE, 2^47, 2^63 - 1, 2^63, 2^64 - 1, and negatives.</summary>
    private static readonly string[] Numbers =
    [
        "0", "1", "4095", "4096", "0x7fff_ffff_f000", "0x8000_0000_0000", "9223372036854775807",
        "0x8000_0000_0000_0000", "0xffff_ffff_ffff_ffff", "(-1)", "(-4096)",
    ];

    /// <summary>Each command with its numeric operands as X, Y, Z.</summary>
    private static readonly string[] Templates =
    [
        "mmap X", "mmap X at Y", "mmap X thp", "mmap X shared populate", "munmap A X Y", "munmap A buf X",
        "mprotect A X Y ro", "mprotect A buf X rw", "mremap A X Y Z", "mremap A buf X Y", "mremap A buf 4K 8K to X",
        "mremap A buf X 2M to Y", "madvise A X Y dontneed", "madvise A X Y free", "madvise A X Y cold",
        "madvise A X Y pageout", "madvise A X Y hugepage", "madvise A X Y collapse", "madvise A X Y willneed",
        "madvise A X Y wipeonfork", "read A X", "read A X Y", "write A X = Y", "write A X Y", "write B buf + X = 1",
        "pin A X Y", "pin A X Y rw longterm", "get A X Y", "get A X Y rw", "vmsplice A X Y", "unpin #X", "put #X", "close #X",
        "swapout A X Y", "collapse A X", "split A X", "migrate A X Y", "print X + Y", "print X - Y", "print X * Y",
        "print -X", "let v = X * Y", "expect value(A, X) == Y", "print refcount(A, X)", "print mapcount(A, X)",
        "print pfn(A, X)", "print present(A, X)", "print thp(A, X)", "for i in X..X { print i }",
        "set memory X", "set swap X", "set khugepaged.max_ptes_none X",
        "mlock A X Y", "munlock A X Y", "mlock A buf X", "mmap X locked", "memfd g X", "pwrite f X = Y", "pread f X",
        "mmap X memfd f", "mmap X at Y memfd f shared", "read A mf + X", "pin A mf X",
    ];

    /// <summary>The commands that are system calls: an operand outside user space must end in an errno or an error.</summary>
    private static readonly string[] SystemCalls = ["mmap", "munmap", "mprotect", "mremap", "madvise", "pin", "get", "vmsplice", "mlock", "munlock"];

    private const string Prelude =
        "proc A\nmmap buf 2M thp\nwrite buf 8K\nfork B\npin A buf ro\nmmap small 16K\nwrite A small\nmemfd f 64K\nmmap mf 16K memfd f\nuse A\n";

    [Fact]
    public void BoundaryNumbersInEveryOperandEndInAnAnswer()
    {
        var cases = 0;
        foreach (var template in Templates)
        {
            // One session per template, its cases one after another: each case meets the state the
            // earlier ones left, as at the prompt, and the prelude runs once per template.
            var output = new StringWriter();
            var session = new Session(output);
            var interpreter = new MmDsl.Runtime.Scripting.Interpreter(session) { StopOnError = false };
            interpreter.RunText(new SourceText("prelude", template.StartsWith("set ", StringComparison.Ordinal) ? string.Empty : Prelude));
            foreach (var line in Expand(template))
            {
                RunOne(template, line, interpreter, session, output);
                cases++;
            }
        }
        Assert.True(cases > 2000, $"{cases} cases");
    }

    /// <summary>All combinations for one or two operands; for three, each operand in turn over the numbers, the others a page.</summary>
    private static IEnumerable<string> Expand(string template)
    {
        var slots = new[] { "X", "Y", "Z" }.Where(s => Regex.IsMatch(template, $@"\b{s}\b")).ToArray();
        if (slots.Length <= 2)
        {
            IEnumerable<string[]> combos = [[]];
            foreach (var _ in slots)
            {
                combos = combos.SelectMany(c => Numbers.Select(n => (string[])[.. c, n]));
            }
            return combos.Select(c => Fill(template, slots, c));
        }
        return slots.SelectMany((slot, i) => Numbers.Select(n => Fill(template, slots, slots.Select((_, j) => j == i ? n : "4096").ToArray())));
    }

    private static string Fill(string template, string[] slots, string[] values)
    {
        var text = template;
        for (var i = 0; i < slots.Length; i++)
        {
            text = Regex.Replace(text, $@"\b{slots[i]}\b", values[i]);
        }
        return text;
    }

    private static void RunOne(string template, string line, MmDsl.Runtime.Scripting.Interpreter interpreter, Session session, StringWriter output)
    {
        output.GetStringBuilder().Clear();
        interpreter.RunText(new SourceText("fuzz", line));
        var said = output.ToString();
        var problems = InvariantChecker.Check(session.Machine);
        Assert.True(problems.Count == 0, $"after '{line}':\n{said}\n" + string.Join("\n", problems));
        Assert.False(said.Contains("Exception", StringComparison.Ordinal), $"'{line}' said:\n{said}");
        var verb = template.Split(' ')[0];
        // mprotect, madvise and mlock of length 0 succeed whatever the address (do_mprotect_pkey,
        // madvise, apply_vma_lock_flags).
        var emptyRange = verb is "mprotect" or "madvise" or "mlock" or "munlock" && Regex.IsMatch(line, @"^\w+ A \S+ 0( |$)");
        if (SystemCalls.Contains(verb) && !emptyRange && Operands(line, template).Any(OutsideUserSpace))
        {
            Assert.True(Answered().IsMatch(said), $"'{line}' succeeded with an operand outside user space:\n{said}");
        }
    }

    /// <summary>The numbers that took the template's X, Y and Z, as the language reads them.</summary>
    private static IEnumerable<long> Operands(string line, string template)
    {
        foreach (var n in Numbers)
        {
            if (line.Contains(' ' + n, StringComparison.Ordinal) && !template.Contains(' ' + n, StringComparison.Ordinal))
            {
                yield return Value(n);
            }
        }
    }

    private static long Value(string n) => n switch
    {
        "0x8000_0000_0000_0000" => long.MinValue,
        "0xffff_ffff_ffff_ffff" => -1,
        "0x7fff_ffff_f000" => Machine.TaskSize,
        "0x8000_0000_0000" => 1L << 47,
        _ => long.Parse(n.Trim('(', ')'), System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool OutsideUserSpace(long value) => value < 0 || value > Machine.TaskSize;

    /// <summary>An errno, a positioned error, or a SIGSEGV.</summary>
    [GeneratedRegex(@"\bE[A-Z]{3,}\b|fuzz:\d+:\d+: |SIGSEGV")]
    private static partial Regex Answered();
}
