using DeltaModel.Reporting.Benchmarks;

namespace DeltaModel.Cli.Tests.Reporting.Benchmarks;

public sealed class BootstrapIntervalTests
{
    [Fact]
    public void ConstantDifferences_GiveAnIntervalOfThatValue()
    {
        var (low, high) = BootstrapInterval.OfMedian(Enumerable.Repeat(0.125, 50).ToArray());
        Assert.Equal(0.125, low);
        Assert.Equal(0.125, high);
    }

    [Fact]
    public void UniformValues_GiveTheMedianInterval_OfTheAsymptoticWidth()
    {
        // 401 evenly spaced values on [0, 1]: the sample median is 0.5 and, for a uniform density f = 1, its standard
        // error is 1 / (2 f √n) ≈ 0.025, so a 95 % interval spans about ±1.96 · 0.025 ≈ ±0.049 around 0.5.
        var values = Enumerable.Range(0, 401).Select(i => i / 400.0).ToArray();
        var (low, high) = BootstrapInterval.OfMedian(values);
        Assert.InRange(low, 0.5 - 0.07, 0.5 - 0.03);
        Assert.InRange(high, 0.5 + 0.03, 0.5 + 0.07);
    }

    [Fact]
    public void TheSameSeed_GivesTheSameInterval_AndNaNsAreLeftOut()
    {
        double[] values = [0.1, 0.4, double.NaN, 0.35, 0.8, -0.2, 0.05, 0.6];
        Assert.Equal(BootstrapInterval.OfMedian(values), BootstrapInterval.OfMedian(values));
        var (low, high) = BootstrapInterval.OfMedian(values);
        Assert.True(low >= -0.2 && high <= 0.8 && low <= high, $"[{low}, {high}] outside the data's range");
        Assert.Throws<ArgumentException>(() => BootstrapInterval.OfMedian([double.NaN]));
    }

    [Fact]
    public void PairedDifference_PairsByBasin_AndCountsWhereABeatsB()
    {
        var a = new Dictionary<string, double> { ["1"] = 0.7, ["2"] = 0.5, ["3"] = double.NaN, ["4"] = 0.9 };
        var b = new Dictionary<string, double> { ["1"] = 0.6, ["2"] = 0.6, ["3"] = 0.1, ["5"] = 0.2, ["4"] = 0.4 };

        var d = PairedDifference.Of(a, b)!;

        Assert.Equal(3, d.Basins);                                    // basin 3 is NaN in A, 5 is not in A
        Assert.Equal(0.1, d.MedianDifference, 12);                    // differences 0.1, -0.1, 0.5
        Assert.Equal(2.0 / 3, d.ShareABetter, 12);
        Assert.Equal(0.7, d.MedianA, 12);
        Assert.Equal(0.6, d.MedianB, 12);
    }
}
