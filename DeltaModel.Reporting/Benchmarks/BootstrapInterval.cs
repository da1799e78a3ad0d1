namespace DeltaModel.Reporting.Benchmarks;

/// <summary>
/// Percentile bootstrap of the median over basins: resample the basins with replacement, take each resample's median,
/// and report the 2.5 % and 97.5 % quantiles of those medians. Basins are the unit of resampling because a benchmark's
/// claim is about basins (a paired difference per basin), and the seed is fixed so the report is the same each time.
/// </summary>
public static class BootstrapInterval
{
    public const int DefaultResamples = 10_000;
    public const int DefaultSeed = 20190101;

    /// <summary>The 95 % interval of the median of <paramref name="values"/> (finite values only).</summary>
    /// <exception cref="ArgumentException">No finite value.</exception>
    public static (double Low, double High) OfMedian(IReadOnlyList<double> values, int resamples = DefaultResamples, int seed = DefaultSeed)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) throw new ArgumentException("the bootstrap needs at least one finite value.", nameof(values));
        if (resamples < 100) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "use at least 100 resamples for a 95 % interval.");
        var random = new Random(seed);
        var sample = new double[finite.Length];
        var medians = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = finite[random.Next(finite.Length)];
            medians[r] = BasinStatistics.Median(sample);
        }
        Array.Sort(medians);
        return (BasinStatistics.QuantileOfSorted(medians, 0.025), BasinStatistics.QuantileOfSorted(medians, 0.975));
    }
}
