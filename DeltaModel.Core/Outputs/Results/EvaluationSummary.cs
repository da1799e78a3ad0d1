namespace DeltaModel.Core.Outputs.Results;

/// <summary>Section <c>evaluation</c> of results.json: the scored phase and per-metric aggregates over basins.</summary>
public sealed record EvaluationSummary
{
    public string Phase { get; init; } = "test";

    /// <summary>The summary key of an assimilation run's gain, NSE assimilated − NSE open loop (docs/assimilation.md).</summary>
    public const string AssimilationGainKey = "assimilation_gain";
    public int? Epoch { get; init; }
    public int? Basins { get; init; }
    public int? Days { get; init; }
    public double? Seconds { get; init; }
    public double? BasinDaysPerSecond { get; init; }
    /// <summary>Metric name (e.g. <c>nse</c>) → statistics over basins; null for an unscored phase (simulate).</summary>
    public IReadOnlyDictionary<string, MetricStatistics>? Summary { get; init; }
    /// <summary>Twin experiments (<c>test.true_parameters</c>): learned against true parameter values; null otherwise.</summary>
    public IReadOnlyList<RecoverySummary>? ParameterRecovery { get; init; }

    /// <summary>The statistics of one metric (case-insensitive name), or null when the summary has none.</summary>
    public MetricStatistics? Metric(string name) =>
        Summary?.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
