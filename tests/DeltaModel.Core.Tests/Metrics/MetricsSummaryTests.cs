using DeltaModel.Core.Metrics;

namespace DeltaModel.Core.Tests.Metrics;

public class MetricsSummaryTests
{
    [Fact]
    public void FromBasins_AggregatesEachMetric()
    {
        var basins = new[]
        {
            MetricsCalculator.Compute([1, 3, 2, 5], [1, 3, 2, 5]),          // NSE 1
            MetricsCalculator.Compute([1, 2, 3, 4], [2, 2, 2, 6]),          // NSE 0.5
            MetricsCalculator.Compute([1, 2, 3, 4], [2, 2, 2, 2]),          // NSE missing (constant)
        };
        var s = MetricsSummary.FromBasins(basins);
        Assert.Equal(3, s.Basins);
        Assert.Equal(BasinMetrics.Names, s.Metrics.Select(m => m.Name));
        var nse = s.Get("nse");
        Assert.Equal(2, nse.Count);
        Assert.Equal(1, nse.Missing);
        Assert.Equal(0.75, nse.Median, 12);
        Assert.Equal(3, s.Get("rmse").Count);
    }
}
