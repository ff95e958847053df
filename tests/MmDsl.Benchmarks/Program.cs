using BenchmarkDotNet.Running;

namespace MmDsl.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>dotnet run -c Release --project tests/MmDsl.Benchmarks -- --filter '*Parser*'</c>;
    /// add <c>--job short</c> for a quick run.
    /// </summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
