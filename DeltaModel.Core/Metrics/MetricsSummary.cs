namespace DeltaModel.Core.Metrics;

/// <summary>Every metric aggregated across basins, in <see cref="BasinMetrics.Names"/> order.</summary>
public sealed class MetricsSummary
{
    readonly MetricAggregate[] metrics;

    MetricsSummary(int basins, MetricAggregate[] metrics)
    {
        Basins = basins;
        this.metrics = metrics;
    }

    /// <summary>Number of basins summarized.</summary>
    public int Basins { get; }

    /// <summary>One aggregate per metric, in <see cref="BasinMetrics.Names"/> order.</summary>
    public IReadOnlyList<MetricAggregate> Metrics => metrics;

    /// <summary>The aggregate of one metric (case-insensitive; unknown names fail with a suggestion).</summary>
    public MetricAggregate Get(string name) => metrics[BasinMetrics.IndexOf(name)];

    /// <summary>Aggregates per-basin metrics; missing values are left out of the statistics and counted.</summary>
    public static MetricsSummary FromBasins(IReadOnlyList<BasinMetrics> basins)
    {
        ArgumentNullException.ThrowIfNull(basins);
        var values = basins.Select(b => b.Values()).ToArray();
        var aggregates = BasinMetrics.Names
            .Select((name, i) => MetricAggregate.From(name, values.Select(v => v[i])))
            .ToArray();
        return new MetricsSummary(basins.Count, aggregates);
    }
}
