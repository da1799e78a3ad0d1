namespace DeltaModel.Reporting.Benchmarks;

/// <summary>Statistics over basins that the benchmark tables use; NaN values (undefined metrics) are left out.</summary>
public static class BasinStatistics
{
    /// <summary>The median of the finite values (mean of the middle two for an even count); NaN when none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : QuantileOfSorted(sorted, 0.5);
    }

    /// <summary>The <paramref name="p"/> quantile of sorted values, linear between order statistics (numpy's default).</summary>
    public static double QuantileOfSorted(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        double h = (sorted.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Share of the finite values above zero (a paired difference: the share of basins where the first is better).</summary>
    public static double SharePositive(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? double.NaN : (double)finite.Count(v => v > 0) / finite.Length;
    }
}
