using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MmDsl.Benchmarks;

/// <summary>
/// Adds <c>Lines/s</c> columns: the script's lines divided by the mean and by the median time
/// (the median resists a busy machine better), and the median and minimum times.
/// </summary>
public sealed class LinesPerSecondConfig : ManualConfig
{
    public LinesPerSecondConfig() =>
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, new LinesPerSecondColumn(median: false), new LinesPerSecondColumn(median: true));

    private sealed class LinesPerSecondColumn(bool median) : IColumn
    {
        public string Id => nameof(LinesPerSecondColumn) + (median ? "Median" : "Mean");

        public string ColumnName => median ? "Lines/s (median)" : "Lines/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => median ? "Script lines parsed per second (median time)" : "Script lines parsed per second (mean time)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics)
            {
                return "-";
            }
            var seconds = (median ? statistics.Median : statistics.Mean) / 1e9;
            return (ParserBenchmarks.Lines / seconds).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
