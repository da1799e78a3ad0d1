namespace DeltaModel.Core.Outputs.Results;

/// <summary>Aggregates of one metric over the evaluated basins (NaN basins excluded; <see cref="N"/> counts the rest).</summary>
public sealed record MetricStatistics
{
    public double? Median { get; init; }
    public double? Mean { get; init; }
    public double? Std { get; init; }
    public double? P25 { get; init; }
    public double? P75 { get; init; }
    public int? N { get; init; }

    /// <summary>The statistic named as in an experiment's <c>expected.statistic</c> (median, mean, std, p25, p75).</summary>
    public double? Get(string statistic) => statistic.ToLowerInvariant() switch
    {
        "median" => Median,
        "mean" => Mean,
        "std" => Std,
        "p25" => P25,
        "p75" => P75,
        _ => null,
    };
}
