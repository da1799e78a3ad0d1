using DeltaModel.Core.Data;
using DeltaModel.Core.Normalization;

namespace DeltaModel.Core.Tests.Normalization;

public class NormalizationStatisticsTests
{
    [Fact]
    public void Compute_ZScore_UsesPopulationStdAndSkipsNaN()
    {
        var s = VariableStatistics.Compute("x", NormalizationKind.ZScore, [1, 2, double.NaN, 3, 4]);
        Assert.Equal(2.5, s.Mean, 12);
        Assert.Equal(Math.Sqrt(1.25), s.Std, 12);       // population: Σ(x−μ)²/N = 5/4
        Assert.Equal(1.3, s.P10, 12);                  // NumPy linear: 1 + 0.3·(2−1)
        Assert.Equal(3.7, s.P90, 12);
    }

    [Fact]
    public void LogSqrt_RoundTrips_AndMatchesTheFormula()
    {
        var s = VariableStatistics.Compute("prcp", NormalizationKind.LogSqrt, [0, 1, 4, 9, 16, 25]);
        foreach (var x in new[] { 0.0, 0.5, 3.0, 30.0 })
            Assert.Equal(x, s.Denormalize(s.Normalize(x)), 9);
        Assert.Equal((Math.Log10(2 + 0.1) - s.Mean) / s.Std, s.Normalize(4), 12);
    }

    [Fact]
    public void LogSqrt_NegativeValue_IsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => VariableStatistics.Compute("prcp", NormalizationKind.LogSqrt, [1, -0.5, 2]));
        Assert.Contains("prcp", e.Message);
        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void Constant_Variable_GetsTheStdFloor()
    {
        var s = VariableStatistics.Compute("c", NormalizationKind.ZScore, [5, 5, 5]);
        Assert.Equal(VariableStatistics.MinStd, s.Std);
        Assert.Equal(0, s.Normalize(5));
    }

    [Fact]
    public void SaveLoad_RoundTrips_AndRefusesOtherVariables()
    {
        var data = TestData.Synthetic(3, 100);
        var stats = NormalizationStatistics.Compute(data, ["prcp", "tmean"], ["prcp"], ["p_mean"]);
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, NormalizationStatistics.FileName);
        stats.Save(path);
        var loaded = NormalizationStatistics.Load(path);

        Assert.Equal(stats.Forcings, loaded.Forcings);
        Assert.Equal(stats.Attributes, loaded.Attributes);
        loaded.EnsureMatches(path, ["prcp", "tmean"], ["prcp"], ["p_mean"]);
        var e = Assert.Throws<DataException>(() => loaded.EnsureMatches(path, ["prcp", "tmean", "pet"], ["prcp"], ["p_mean"]));
        Assert.Contains(path, e.Message);
        Assert.Contains("pet", e.Message);
        Assert.Throws<DataException>(() => loaded.EnsureMatches(path, ["prcp", "tmean"], [], ["p_mean"]));
    }
}
