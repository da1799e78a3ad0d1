using DeltaModel.Reporting.Benchmarks;

namespace DeltaModel.Cli.Tests.Reporting.Benchmarks;

public sealed class LyneHollickFilterTests
{
    // Worked by hand with α = 0.925, (1 + α)/2 = 0.9625, quickflow f = 0 on the first day of each observed stretch:
    // t1 f = 0.9625·10 = 9.625; t2 f = 0.925·9.625 − 0.9625·5 = 4.090625; t3 f = 0.925·4.090625 − 0.9625·3 = 0.896328125;
    // t4 f = 0.925·0.896328125 − 0.9625 = −0.1334 → held at 0; t5 missing: the filter restarts; t7 f = 0.9625·1.
    static readonly double[] Flow = [10, 20, 15, 12, 11, double.NaN, 8, 9];
    static readonly double[] Expected = [10, 10.375, 10.909375, 11.103671875, 11, double.NaN, 8, 8.0375];

    [Fact]
    public void Baseflow_MatchesTheHandComputedSeries()
    {
        var baseflow = LyneHollickFilter.Baseflow(Flow);
        for (int t = 0; t < Flow.Length; t++)
            if (double.IsNaN(Expected[t])) Assert.True(double.IsNaN(baseflow[t]), $"day {t}");
            else Assert.Equal(Expected[t], baseflow[t], 1e-12);
    }

    [Fact]
    public void Index_IsBaseflowOverFlow_OnTheObservedDays()
    {
        double expected = (10 + 10.375 + 10.909375 + 11.103671875 + 11 + 8 + 8.0375) / 85.0;
        Assert.Equal(expected, LyneHollickFilter.Index(Flow), 1e-12);
        Assert.Equal(1.0, LyneHollickFilter.Index([3, 3, 3, 3]), 12);   // steady flow is all baseflow
    }

    [Fact]
    public void NegativeFlowOrAlphaOutOfRange_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LyneHollickFilter.Baseflow([1, -0.5]));
        Assert.Contains("day 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LyneHollickFilter.Baseflow([1, 2], alpha: 1));
    }
}
