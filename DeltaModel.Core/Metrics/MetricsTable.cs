namespace DeltaModel.Core.Metrics;

/// <summary>Per-basin metrics of one evaluation, labelled by basin id, with their aggregates over basins.</summary>
public sealed class MetricsTable
{
    /// <summary>Statistics over basins, in report order.</summary>
    public static readonly IReadOnlyList<string> Statistics = ["median", "mean", "std", "p25", "p75"];

    internal MetricsTable(IReadOnlyList<string> basins, IReadOnlyList<BasinMetrics> rows)
    {
        Basins = basins;
        Values = rows;
        Summary = MetricsSummary.FromBasins(rows);
    }

    public IReadOnlyList<string> Basins { get; }

    /// <summary>One entry per basin, in <see cref="Basins"/> order.</summary>
    public IReadOnlyList<BasinMetrics> Values { get; }

    public MetricsSummary Summary { get; }

    public IReadOnlyList<string> Names => BasinMetrics.Names;

    /// <summary>(basin id, metrics) pairs, for tables.</summary>
    public IEnumerable<(string Basin, BasinMetrics Metrics)> Rows => Basins.Zip(Values);

    /// <summary>A statistic (<see cref="Statistics"/>) of one metric over the basins where it is defined.</summary>
    public double Aggregate(string metric, string statistic) => Summary.Get(metric).Statistic(statistic);

    /// <summary>One metric's value per basin, in <see cref="Basins"/> order (NaN where missing).</summary>
    public double[] Column(string metric) => Values.Select(v => v.Get(metric)).ToArray();

    /// <summary>Number of basins where <paramref name="metric"/> is defined.</summary>
    public int FiniteCount(string metric) => Summary.Get(metric).Count;

    /// <summary>Scores time-major series <c>[T, B]</c> (NaN observations are skipped).</summary>
    public static MetricsTable Compute(IReadOnlyList<string> basins, float[] predicted, float[] observed, int days) =>
        new(basins, MetricsCalculator.Compute(predicted, observed, days, basins.Count));

    /// <summary>
    /// The rows of several tables in one (cross-validation folds pooled): each basin must appear once, so pooled
    /// statistics count every basin once.
    /// </summary>
    /// <exception cref="ArgumentException">A basin appears in more than one table.</exception>
    public static MetricsTable Pool(IEnumerable<MetricsTable> tables)
    {
        var rows = tables.SelectMany(t => t.Rows).ToList();
        var twice = rows.GroupBy(r => r.Basin, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"basin '{twice.Key}' is scored in {twice.Count()} of the pooled tables; pooled folds must be disjoint.");
        return new(rows.Select(r => r.Basin).ToList(), rows.Select(r => r.Metrics).ToList());
    }

    /// <summary>Reads a <c>metrics.csv</c> written by <see cref="Write"/> (see <see cref="MetricsWriter.Read"/>).</summary>
    public static MetricsTable Read(string csvPath) => MetricsWriter.Read(csvPath);

    /// <summary>Writes <c>metrics.csv</c> and <c>metrics.json</c> into <paramref name="folder"/>; returns the paths.</summary>
    public IReadOnlyList<string> Write(string folder) => MetricsWriter.Write(folder, Basins, Values);
}
