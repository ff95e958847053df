using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MmDsl.Benchmarks;

/// <summary>Adds a <c>Lines/s</c> column: the script's lines divided by the mean time.</summary>
public sealed class LinesPerSecondConfig : ManualConfig
{
    public LinesPerSecondConfig() => AddColumn(new LinesPerSecondColumn());

    private sealed class LinesPerSecondColumn : IColumn
    {
        public string Id => nameof(LinesPerSecondColumn);

        public string ColumnName => "Lines/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Script lines parsed per second (mean)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics)
            {
                return "-";
            }
            var seconds = statistics.Mean / 1e9;
            return (ParserBenchmarks.Lines / seconds).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
