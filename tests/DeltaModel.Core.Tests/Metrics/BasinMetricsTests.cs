using DeltaModel.Core.Metrics;

namespace DeltaModel.Core.Tests.Metrics;

public class BasinMetricsTests
{
    [Fact]
    public void Names_AreUniqueAndStable()
    {
        Assert.Equal(BasinMetrics.Names.Count, BasinMetrics.Names.Distinct().Count());
        Assert.Equal(["nse", "r2", "kge"], BasinMetrics.Names.Take(3));
        Assert.Contains("flv_yilmaz", BasinMetrics.Names);
    }

    [Fact]
    public void Values_FollowNamesOrder()
    {
        var m = MetricsCalculator.Compute([1, 2, 3, 4], [2, 2, 2, 6]);
        var values = m.Values();
        Assert.Equal(BasinMetrics.Names.Count, values.Length);
        for (int i = 0; i < values.Length; i++) Assert.Equal(values[i], m.Get(BasinMetrics.Names[i]));
        values[0] = 42;
        Assert.NotEqual(42, m.Get("nse"));
    }

    [Fact]
    public void Get_UnknownName_SuggestsTheClosest()
    {
        var m = MetricsCalculator.Compute([1, 2], [1, 2]);
        var e = Assert.Throws<ArgumentException>(() => m.Get("nsee"));
        Assert.Contains("did you mean 'nse'", e.Message);
    }
}
