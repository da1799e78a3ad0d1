namespace DeltaModel.Core.Metrics;

/// <summary>
/// One metric summarized across basins over its finite values only (missing basins are counted, not averaged in).
/// Statistics are NaN only when <see cref="Count"/> is 0. Published tables report the median (spec §5).
/// </summary>
/// <param name="Name">Metric name (see <see cref="BasinMetrics.Names"/>).</param>
/// <param name="Median">50th percentile.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Population standard deviation (ddof 0, as δMG's <c>nanstd</c>).</param>
/// <param name="P25">25th percentile (linear interpolation between order statistics, NumPy's default).</param>
/// <param name="P75">75th percentile (same method).</param>
/// <param name="Count">Basins with a finite value.</param>
/// <param name="Missing">Basins where the metric is missing.</param>
public sealed record MetricAggregate(string Name, double Median, double Mean, double Std, double P25, double P75, int Count, int Missing)
{
    /// <summary>The statistic named as in an experiment's <c>expected.statistic</c>: median, mean, std, p25 or p75.</summary>
    public double Statistic(string statistic) => statistic.ToLowerInvariant() switch
    {
        "median" => Median,
        "mean" => Mean,
        "std" => Std,
        "p25" => P25,
        "p75" => P75,
        _ => throw new ArgumentException($"unknown statistic '{statistic}'; expected median, mean, std, p25 or p75.", nameof(statistic)),
    };

    /// <summary>Aggregates <paramref name="values"/>, ignoring non-finite entries.</summary>
    public static MetricAggregate From(string name, IEnumerable<double> values)
    {
        var all = values.ToArray();
        var finite = all.Where(double.IsFinite).Order().ToArray();
        int n = finite.Length;
        if (n == 0) return new MetricAggregate(name, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, all.Length);
        double mean = finite.Average();
        double ss = 0;
        foreach (var v in finite) ss += (v - mean) * (v - mean);
        return new MetricAggregate(name, Percentile(finite, 0.5), mean, Math.Sqrt(ss / n),
            Percentile(finite, 0.25), Percentile(finite, 0.75), n, all.Length - n);
    }

    /// <summary>q-quantile of sorted values with linear interpolation at position q·(n − 1).</summary>
    static double Percentile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
