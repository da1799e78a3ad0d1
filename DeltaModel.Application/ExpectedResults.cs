using DeltaModel.Core.Configuration;
using DeltaModel.Core.Metrics;

namespace DeltaModel.Application;

/// <summary>Compares an experiment's <c>expected:</c> entries with the aggregates of its test metrics.</summary>
public static class ExpectedResults
{
    /// <exception cref="ArgumentException">An expected metric the metrics table does not have.</exception>
    public static IReadOnlyList<ExpectedCheck> Check(IReadOnlyList<ExpectedResultConfig> expected, MetricsTable? metrics)
    {
        if (expected.Count == 0) return [];
        if (metrics is null) return [];
        return expected.Select(e =>
        {
            if (!metrics.Names.Contains(e.Metric))
                throw new ArgumentException($"'expected': unknown metric '{e.Metric}'{Names.DidYouMean(e.Metric, metrics.Names)}; known: {string.Join(", ", metrics.Names)}.");
            return new ExpectedCheck(e.Metric, e.Statistic, e.Value, e.Tolerance, metrics.Aggregate(e.Metric, e.Statistic), e.Source);
        }).ToList();
    }
}
