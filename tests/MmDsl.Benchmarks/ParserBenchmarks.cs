using System.Text;
using BenchmarkDotNet.Attributes;
using MmDsl.Language.Parsing;
using MmDsl.Language.Text;

namespace MmDsl.Benchmarks;

/// <summary>
/// Parsing a 10,000-line script of typical lines. The budget is 1,000,000 lines per second,
/// that is at most 10 ms per operation; the <c>Lines/s</c> column gives the rate.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LinesPerSecondConfig))]
public class ParserBenchmarks
{
    public const int Lines = 10_000;

    private static readonly string[] Typical =
    [
        "write A buf+0x1000 = 5",
        "mmap buf 2M thp",
        "expect refcount(A, buf) == 2",
        "fork B",
        "read B buf 4K",
        "proc A",
        "show refs",
        "let p0 = pfn(A, buf)",
        "expect value(B, buf) != value(A, buf)   # private memory stays private",
        "for i in 0..4 { write buf + i*4K = i }",
    ];

    private SourceText _script = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Append(Typical[i % Typical.Length]).Append('\n');
        }
        _script = new SourceText("bench.mm", text.ToString());
        var result = ScriptParser.Parse(_script);
        if (!result.Success || result.Script.Commands.Length != Lines)
        {
            throw new InvalidOperationException("the benchmark script does not parse");
        }
    }

    [Benchmark(OperationsPerInvoke = 1)]
    public int ParseTypicalScript() => ScriptParser.Parse(_script).Script.Commands.Length;
}
