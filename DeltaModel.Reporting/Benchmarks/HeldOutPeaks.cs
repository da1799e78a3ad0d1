using DeltaModel.Core.Outputs;

namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// Two unseen-extremes runs' held-out annual peaks side by side (each run's <c>test/peaks.csv</c>), paired by basin and
/// water year: the median relative error of each (its sign says under- or overestimation) and, per peak, how much closer
/// A came than B — <c>|error of B| − |error of A|</c>, positive where A is closer — with the bootstrap interval of its
/// median and the share of peaks where A is closer. Peak keys stand in for basins in <see cref="PairedDifference"/>.
/// </summary>
public sealed record HeldOutPeaks(int Peaks, double MedianErrorA, double MedianErrorB, PairedDifference Closeness)
{
    /// <summary>Null when either run has no peaks file or no peak in common.</summary>
    public static HeldOutPeaks? Of(BenchmarkRun a, BenchmarkRun b)
    {
        if (Read(a) is not { } ea || Read(b) is not { } eb) return null;
        var closeness = PairedDifference.Of(ea.ToDictionary(kv => kv.Key, kv => -Math.Abs(kv.Value)), eb.ToDictionary(kv => kv.Key, kv => -Math.Abs(kv.Value)));
        if (closeness is null) return null;
        var common = ea.Keys.Where(eb.ContainsKey).Where(k => double.IsFinite(ea[k]) && double.IsFinite(eb[k])).ToList();
        return new HeldOutPeaks(closeness.Basins, BasinStatistics.Median(common.Select(k => ea[k])), BasinStatistics.Median(common.Select(k => eb[k])), closeness);
    }

    /// <summary>basin/water year → relative error, from the run's peaks.csv; null where the run has none.</summary>
    static Dictionary<string, double>? Read(BenchmarkRun run)
    {
        if (run.Outputs?.PeaksCsv is not { } path || !File.Exists(path)) return null;
        var table = CsvTable.Open(path);
        int basin = table.Column("basin"), year = table.Column("water_year"), error = table.Column("relative_error");
        return table.Rows().ToDictionary(r => $"{r[basin]}/{r[year]}", r => r[error] is { Length: > 0 } e ? CsvTable.Number(e) : double.NaN, StringComparer.Ordinal);
    }
}
