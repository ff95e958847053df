using MmDsl.Runtime.Running;
using System.Globalization;
using System.Text;

namespace MmDsl.LiveKernel.Fuzzing;

/// <summary>One generated scenario: its seed and its script text, a ready <c>.mm</c> file.</summary>
internal sealed record Scenario(ulong Seed, string Text);

/// <summary>What the generator may use.</summary>
internal sealed record GeneratorOptions
{
    public int MinProcesses { get; init; } = 2;

    public int MaxProcesses { get; init; } = 4;

    public int MinOperations { get; init; } = 5;

    public int MaxOperations { get; init; } = 25;

    /// <summary>vmsplice handles and reads through them (the private-memory oracle watches them).</summary>
    public bool Gup { get; init; }

    /// <summary>
    /// Reads of pages never written (a zero-page fault): off for a host whose kernel maps no zero
    /// page, where every such read would disagree with a simulator that always maps it.
    /// </summary>
    public bool ZeroPage { get; init; } = true;

    /// <summary>MADV_PAGEOUT: only where the backend has swap (without it the host leaves pages in place).</summary>
    public bool PageOut { get; init; } = true;
}

/// <summary>
/// Random scenarios over mmap, read/write, fork, exit, mprotect, munmap, mremap, madvise, collapse
/// and <c>set thp</c>, with observable queries printed after each step, as script text; the same
/// seed gives the same text. Every write stores a value of its own (100, 101, ...), so that the
/// private-memory oracle can tell who wrote what a process reads.
/// </summary>
internal sealed class ScenarioGenerator(GeneratorOptions options)
{
    private static readonly long[] MapSizes = [4 << 10, 8 << 10, 16 << 10, 64 << 10, 1 << 20, 2 << 20, 4 << 20];
    private static readonly long[] RangeSizes = [4 << 10, 8 << 10, 16 << 10, 64 << 10, 512 << 10, 1 << 20, 2 << 20];
    private static readonly string[] Advices = ["dontneed", "pageout", "cold", "free", "hugepage", "nohugepage", "willneed", "dontfork", "dofork", "wipeonfork"];
    private static readonly string[] Queries = ["pmd_mapped", "mapcount", "thp", "order", "anon_exclusive", "swapped"];
    private static readonly string[] Names = ["A", "B", "C", "D"];

    public Scenario Generate(ulong seed)
    {
        return new Scenario(seed, new Builder(options, new FuzzRandom(seed)).Build(seed));
    }

    private sealed class Builder(GeneratorOptions options, FuzzRandom random)
    {
        private readonly StringBuilder _text = new();
        private readonly PageModel _model = new();
        private readonly List<string> _live = [];
        private readonly List<(int Number, string Taker)> _handles = [];
        private int _nextName;
        private int _nextValue = 100;
        private string _current = "A";
        private int _processes;

        public string Build(ulong seed)
        {
            Line($"# mmdsl fuzz: seed {seed}");
            _processes = random.Between(options.MinProcesses, options.MaxProcesses);
            if (random.Chance(30))
            {
                Line($"set thp {random.Pick(["always", "madvise", "never"])}");
            }
            NewProcess();
            Mmap();
            var operations = random.Between(options.MinOperations, options.MaxOperations);
            for (var i = 0; i < operations; i++)
            {
                Step();
            }
            foreach (var p in _live)
            {
                Line($"print rss({p})");
            }
            Line("print stat(pgfault)");
            Line("print stat(thp_fault_alloc)");
            Line("print stat(thp_split_pmd)");
            return _text.ToString();
        }

        private void Step()
        {
            // A fork early, so that most scenarios have a parent and a child to keep apart.
            if (_nextName < _processes && (random.Chance(25) || (_nextName == 1 && random.Chance(50))))
            {
                Fork();
                return;
            }
            var roll = random.Below(100);
            switch (roll)
            {
                case < 24: Write(); break;
                case < 32: Read(); break;
                case < 40: Mmap(); break;
                case < 46: Munmap(); break;
                case < 53: Mprotect(); break;
                case < 60: Mremap(); break;
                case < 74: Madvise(); break;
                case < 80: Collapse(); break;
                case < 83: Line($"set thp {random.Pick(["always", "madvise", "never"])}"); break;
                case < 86 when _live.Count > 1: Exit(); break;
                case < 93 when options.Gup: Vmsplice(); break;
                case < 97 when _handles.Count > 0: Line($"print handle(#{random.Pick(_handles).Number})"); break;
                default: Write(); break;
            }
        }

        private void NewProcess()
        {
            var name = Names[_nextName++];
            Line($"proc {name}");
            _model.Add(name);
            _live.Add(name);
            _current = name;
        }

        private void Fork()
        {
            var parent = random.Pick(_live);
            var child = Names[_nextName++];
            Line($"fork {child} from {parent}");
            _model.Fork(parent, child);
            _live.Add(child);
            Observe(child, Address(child));
        }

        private void Exit()
        {
            var p = random.Pick(_live);
            Line($"exit {p}");
            _live.Remove(p);
            _model.Remove(p);
            _handles.RemoveAll(h => h.Taker == p);
        }

        private void Mmap()
        {
            var p = random.Pick(_live);
            var size = random.Pick(MapSizes);
            var align = size >= PageModel.PmdSize && random.Chance(70) ? PageModel.PmdSize : PageModel.PageSize;
            long at = -1;
            for (var tries = 0; tries < 20 && at < 0; tries++)
            {
                var candidate = random.Below((int)(PageModel.ArenaSize / align)) * align;
                if (_model.IsFree(p, candidate, size))
                {
                    at = candidate;
                }
            }
            if (at < 0)
            {
                return;
            }
            if (p != _current)
            {
                Line($"use {p}");
                _current = p;
            }
            var flag = random.Below(10) switch
            {
                < 3 => " thp",
                3 => " nothp",
                4 => " ro",
                _ => string.Empty,
            };
            Line($"mmap {Size(size)} at {Hex(at)}{flag}");
            _model.Set(p, at, size, flag == " ro" ? PageState.ReadOnly : PageState.ReadWrite);
            Observe(p, at);
        }

        private void Write()
        {
            var p = random.Pick(_live);
            var a = Address(p);
            var value = _nextValue++;
            if (random.Chance(25))
            {
                var size = random.Pick(RangeSizes);
                Line($"write {p} {Hex(a)} {Size(size)} = {value}");
                if (_model.At(p, a) == PageState.ReadWrite)
                {
                    _model.SetWritten(p, a, size, true);
                }
            }
            else
            {
                if (_model.At(p, a) == PageState.ReadWrite)
                {
                    _model.SetWritten(p, a, PageModel.PageSize, true);
                }
                a += 8 * random.Below(4);
                Line($"write {p} {Hex(a)} = {value}");
            }
            Observe(p, a & ~(PageModel.PageSize - 1));
            // Does anyone else see it? The private-memory oracle says they must not.
            var other = _live.Where(q => q != p && CanRead(q, a & ~(PageModel.PageSize - 1))).ToList();
            if (other.Count > 0 && random.Chance(60))
            {
                Line($"print value({random.Pick(other)}, {Hex(a)})");
            }
        }

        private void Read()
        {
            var p = random.Pick(_live);
            var a = Address(p);
            if (!options.ZeroPage && !CanRead(p, a))
            {
                return;
            }
            Line(random.Chance(30) && options.ZeroPage ? $"read {p} {Hex(a)} {Size(random.Pick(RangeSizes))}" : $"read {p} {Hex(a)}");
            Observe(p, a);
        }

        /// <summary>value(P, ADDR) may be asked: a readable page, and one written unless zero-page reads are allowed.</summary>
        private bool CanRead(string p, long a) => _model.Readable(p, a) && (options.ZeroPage || _model.Written(p, a));

        private void Munmap()
        {
            var p = random.Pick(_live);
            var a = Address(p);
            var size = random.Pick(RangeSizes);
            Line($"munmap {p} {Hex(a)} {Size(size)}");
            _model.Set(p, a, size, PageState.Free);
            Observe(p, a);
        }

        private void Mprotect()
        {
            var p = random.Pick(_live);
            var a = Address(p);
            var size = random.Pick(RangeSizes);
            var prot = random.Pick(["ro", "rw", "rw", "none"]);
            Line($"mprotect {p} {Hex(a)} {Size(size)} {prot}");
            _model.Protect(p, a, size, prot switch { "ro" => PageState.ReadOnly, "rw" => PageState.ReadWrite, _ => PageState.None });
            Observe(p, a);
        }

        private void Mremap()
        {
            var p = random.Pick(_live);
            var a = Address(p);
            var oldSize = random.Pick(RangeSizes);
            var newSize = random.Pick(RangeSizes);
            var to = string.Empty;
            if (random.Chance(40))
            {
                var target = random.Below((int)(PageModel.ArenaSize / PageModel.PmdSize)) * PageModel.PmdSize
                    + (random.Chance(50) ? 0 : random.Below(16) * PageModel.PageSize);
                if (_model.IsFree(p, target, newSize) && (target >= a + oldSize || target + newSize <= a))
                {
                    to = $" to {Hex(target)}";
                    _model.Set(p, target, newSize, PageState.Unknown);
                }
            }
            Line($"mremap {p} {Hex(a)} {Size(oldSize)} {Size(newSize)}{to}");
            _model.Set(p, a, Math.Max(oldSize, newSize), PageState.Unknown);
            Observe(p, a);
        }

        private void Madvise()
        {
            var p = random.Pick(_live);
            var a = Address(p);
            var size = random.Pick(RangeSizes);
            var advice = random.Pick(Advices);
            if ((advice == "pageout" && !options.PageOut) || (advice == "wipeonfork" && !options.ZeroPage))
            {
                // a wiped child's pages read as zero-page faults
                advice = "cold";
            }
            Line($"madvise {p} {Hex(a)} {Size(size)} {advice}");
            if (advice is "dontfork" or "dofork")
            {
                _model.DontFork(p, a, size, advice == "dontfork");
            }
            if (advice is "dontneed" or "free")
            {
                // empty again; MADV_FREE may keep or drop the data
                _model.SetWritten(p, a, size, false);
            }
            Observe(p, a);
        }

        private void Collapse()
        {
            var p = random.Pick(_live);
            var a = Address(p);
            Line($"collapse {p} {Hex(a)}");
            Observe(p, a & ~(PageModel.PmdSize - 1));
        }

        private void Vmsplice()
        {
            var p = random.Pick(_live);
            var readable = _model.MappedPages(p).Where(a => CanRead(p, a)).ToList();
            if (readable.Count == 0)
            {
                return;
            }
            var a = random.Pick(readable);
            Line($"vmsplice {p} {Hex(a)}");
            _handles.Add((_handles.Count == 0 ? 1 : _handles.Max(h => h.Number) + 1, p));
        }

        /// <summary>The queries after a step: present, one more, and the value where it can be read.</summary>
        private void Observe(string p, long a)
        {
            Line($"print present({p}, {Hex(a)})");
            Line($"print {random.Pick(Queries)}({p}, {Hex(a)})");
            if (_model.Processes.Contains(p) && CanRead(p, a) && random.Chance(40))
            {
                Line($"print value({p}, {Hex(a)})");
            }
        }

        /// <summary>A page of P: mostly one it maps, sometimes any page of the arena.</summary>
        private long Address(string p)
        {
            var mapped = _model.MappedPages(p);
            if (mapped.Count == 0 || random.Chance(10))
            {
                return random.Below(PageModel.Pages) * PageModel.PageSize;
            }
            var a = random.Pick(mapped);
            // Often the start of a 2M range, where THPs live.
            return random.Chance(25) && _model.Mapped(p, a & ~(PageModel.PmdSize - 1)) ? a & ~(PageModel.PmdSize - 1) : a;
        }

        private void Line(string line) => _text.Append(line).Append('\n');

        private static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

        private static string Size(long bytes) => ScenarioGeneratorText.Size(bytes);
    }
}

/// <summary>How scenarios write numbers.</summary>
internal static class ScenarioGeneratorText
{
    /// <summary>4K, 64K, 2M; bytes when not a whole number of K.</summary>
    public static string Size(long bytes) =>
        bytes % (1L << 20) == 0 ? $"{bytes >> 20}M" : bytes % 1024 == 0 ? $"{bytes >> 10}K" : bytes.ToString(CultureInfo.InvariantCulture);
}
