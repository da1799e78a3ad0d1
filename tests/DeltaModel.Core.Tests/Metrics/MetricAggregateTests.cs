using DeltaModel.Core.Metrics;

namespace DeltaModel.Core.Tests.Metrics;

public class MetricAggregateTests
{
    [Fact]
    public void From_SummarizesFiniteValuesAndCountsMissing()
    {
        var a = MetricAggregate.From("nse", [4, 1, double.NaN, 3, 2]);
        Assert.Equal(2.5, a.Median, 12);
        Assert.Equal(2.5, a.Mean, 12);
        Assert.Equal(1.75, a.P25, 12);
        Assert.Equal(3.25, a.P75, 12);
        Assert.Equal(Math.Sqrt(1.25), a.Std, 12);
        Assert.Equal(4, a.Count);
        Assert.Equal(1, a.Missing);
        Assert.Equal(a.Median, a.Statistic("median"));
    }

    [Fact]
    public void From_NoFiniteValue_IsNaNWithZeroCount()
    {
        var a = MetricAggregate.From("kge", [double.NaN, double.PositiveInfinity]);
        Assert.Equal(0, a.Count);
        Assert.Equal(2, a.Missing);
        Assert.True(double.IsNaN(a.Median));
    }
}
