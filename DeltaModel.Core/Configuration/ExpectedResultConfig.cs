namespace DeltaModel.Core.Configuration;

/// <summary>One published result an experiment must reproduce (section <c>expected</c>, a mapping or a list of them).</summary>
public sealed record ExpectedResultConfig : IConfigSection
{
    /// <summary>Metric name, e.g. <c>nse</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Aggregate over basins: median, mean or std.</summary>
    public string Statistic { get; init; } = "median";

    /// <summary>Published value.</summary>
    public required double Value { get; init; }

    /// <summary>Accepted absolute deviation.</summary>
    public double Tolerance { get; init; } = 0.02;

    /// <summary>Where the number comes from (paper, table).</summary>
    public string Source { get; init; } = "";

    public void Validate(ConfigErrors errors, string path)
    {
        if (Statistic is not ("median" or "mean" or "std")) errors.Expected($"{path}.statistic", "median, mean or std", Statistic);
        if (Tolerance < 0) errors.Expected($"{path}.tolerance", "a number ≥ 0", Tolerance);
    }
}
