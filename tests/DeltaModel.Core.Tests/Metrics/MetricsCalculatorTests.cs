using DeltaModel.Core.Metrics;

namespace DeltaModel.Core.Tests.Metrics;

public class MetricsCalculatorTests
{
    static BasinMetrics Of(float[] p, float[] y) => MetricsCalculator.Compute(p, y);

    [Fact]
    public void PerfectPrediction_ScoresPerfectly()
    {
        float[] y = [1, 3, 2, 5, 4];
        var m = Of(y, y);
        Assert.Equal(1.0, m.Get("nse"), 12);
        Assert.Equal(1.0, m.Get("kge"), 12);
        Assert.Equal(1.0, m.Get("kge_12"), 12);
        Assert.Equal(1.0, m.Get("kge_r"), 12);
        Assert.Equal(1.0, m.Get("kge_alpha"), 12);
        Assert.Equal(1.0, m.Get("kge_beta"), 12);
        Assert.Equal(1.0, m.Get("corr_spearman"), 12);
        Assert.Equal(0.0, m.Get("rmse"));
        Assert.Equal(0.0, m.Get("pbias"));
        Assert.Equal(0.0, m.Get("rmse_fdc"));
        Assert.DoesNotContain(m.MissingReasons, kv => !kv.Key.Contains("yilmaz") && kv.Key is not ("fhv" or "fhv_abs" or "rmse_high"));
    }

    [Fact]
    public void MeanPrediction_HasZeroNse_AndNoCorrelation()
    {
        var m = Of([2.5f, 2.5f, 2.5f, 2.5f], [1, 2, 3, 4]);
        Assert.Equal(0.0, m.Get("nse"), 12);
        Assert.True(double.IsNaN(m.Get("corr")));
        Assert.Contains("prediction is constant", m.MissingReason("corr"));
        Assert.Contains("prediction is constant", m.MissingReason("kge"));
    }

    [Fact]
    public void ErrorMetrics_MatchHandComputedValues()
    {
        // errors −1, 0, 1, −2; ȳ = 3, Σ(y − ȳ)² = 12; anomaly errors −0.5, 0.5, 1.5, −1.5.
        var m = Of([1, 2, 3, 4], [2, 2, 2, 6]);
        Assert.Equal(Math.Sqrt(1.5), m.Get("rmse"), 12);
        Assert.Equal(1.0, m.Get("mae"), 12);
        Assert.Equal(Math.Sqrt(1.25), m.Get("rmse_ub"), 12);
        Assert.Equal(-1.0 / 6, m.Get("bias_rel"), 12);
        Assert.Equal((1 / 2.00001 + 0 + 1 / 2.00001 + 2 / 6.00001) / 4, m.Get("bias"), 12);
        Assert.Equal(0.5, m.Get("nse"), 12);
        Assert.Equal(m.Get("nse"), m.Get("r2"));
        Assert.Equal(100 * -2.0 / 12, m.Get("pbias"), 12);
    }

    [Fact]
    public void DoubledPrediction_HasKnownKgeAndKgePrime()
    {
        // p = 2y: r = 1, α = σp/σy = 2, β = μp/μy = 2 → KGE = 1 − √2; CV ratio γ = 1 → KGE′ = 1 − 1 = 0.
        var m = Of([2, 6, 4, 10], [1, 3, 2, 5]);
        Assert.Equal(1 - Math.Sqrt(2), m.Get("kge"), 12);
        Assert.Equal(0.0, m.Get("kge_12"), 12);
        Assert.Equal(2.0, m.Get("kge_alpha"), 12);
        Assert.Equal(2.0, m.Get("kge_beta"), 12);
        Assert.Equal(1.0, m.Get("kge_r"), 12);
    }

    [Fact]
    public void Spearman_UsesAverageRanksForTies()
    {
        // ranks y = 1, 2.5, 2.5, 4 against 1, 2, 3, 4 → ρ = 4.5 / √(4.5 · 5).
        var m = Of([1, 2, 3, 4], [1, 2, 2, 3]);
        Assert.Equal(Math.Sqrt(0.9), m.Get("corr_spearman"), 12);
        var cubic = Of([1, 8, 27, 64, 125, 216], [1, 2, 3, 4, 5, 6]);
        Assert.Equal(1.0, cubic.Get("corr_spearman"), 12);
        Assert.True(cubic.Get("corr") < 0.99);
    }

    [Fact]
    public void MissingObservations_AreDroppedPairwise()
    {
        var masked = Of([1, 9, 2, 3, 4], [2, float.NaN, 2, 2, 6]);
        var filtered = Of([1, 2, 3, 4], [2, 2, 2, 6]);
        Assert.Equal(4, masked.ObservedDays);
        Assert.Equal(filtered.Values(), masked.Values());
    }

    [Fact]
    public void ConstantObservations_LeaveVarianceMetricsMissingWithReason()
    {
        var m = Of([1, 2, 3, 4], [2, 2, 2, 2]);
        Assert.Equal(Math.Sqrt(1.5), m.Get("rmse"), 12);
        foreach (var name in new[] { "nse", "r2", "kge", "kge_alpha", "corr", "corr_spearman", "kge_12" })
        {
            Assert.True(double.IsNaN(m.Get(name)), name);
            Assert.Contains("observations are constant", m.MissingReason(name));
        }
        Assert.Equal(1.25, m.Get("kge_beta"), 12);
    }

    [Fact]
    public void NoObservation_MakesEveryMetricMissing()
    {
        var m = Of([1, 2], [float.NaN, float.NaN]);
        Assert.Equal(0, m.ObservedDays);
        Assert.All(m.Values(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(BasinMetrics.Names.Count, m.MissingReasons.Count);
        Assert.Contains("no day with an observation", m.MissingReason("nse"));
    }

    [Fact]
    public void OneObservation_GivesErrorsButNoCorrelation()
    {
        var m = Of([3, 1], [float.NaN, 4]);
        Assert.Equal(3.0, m.Get("rmse"), 12);
        Assert.Contains("at least 2 observed days", m.MissingReason("nse"));
    }

    [Fact]
    public void NonFinitePrediction_IsReportedPerBasin()
    {
        var m = Of([1, float.NaN, 3], [1, 2, 3]);
        Assert.All(m.Values(), v => Assert.True(double.IsNaN(v)));
        Assert.Contains("non-finite", m.MissingReason("kge"));
        Assert.Contains("day 1", m.MissingReason("kge"));
    }

    [Fact]
    public void FdcSegments_OfShiftedReversedSeries_MatchHandValues()
    {
        // y = 1..50; p = 51 − t = y reversed + 1. Sorted independently, every sorted error is +1.
        // N = 50: low = [0, 15) with Σy = 120, mid = [15, 49) with Σy = 1105, high = [49, 50) with y = 50.
        const int n = 50;
        var y = Enumerable.Range(1, n).Select(v => (float)v).ToArray();
        var p = Enumerable.Range(0, n).Select(t => (float)(51 - t)).ToArray();
        var m = Of(p, y);
        Assert.Equal(100 * 15 / (120 + 1e-4), m.Get("flv"), 10);
        Assert.Equal(m.Get("flv"), m.Get("flv_abs"));
        Assert.Equal(2.0, m.Get("fhv"), 12);
        Assert.Equal(100 * 34.0 / 1105, m.Get("pbias_mid"), 12);
        Assert.Equal(100 * 50.0 / 1275, m.Get("pbias"), 12);
        Assert.Equal(1.0, m.Get("rmse_low"), 12);
        Assert.Equal(1.0, m.Get("rmse_high"), 12);
        Assert.Equal(1.0, m.Get("rmse_fdc"), 12);
        // Observed peak 50 on day 49; window [39, 50) holds p = 12 … 2.
        Assert.Equal(-38.0, m.Get("d_max"), 12);
        Assert.Equal(-76.0, m.Get("d_max_rel"), 12);
    }

    [Fact]
    public void YilmazSignatures_OfSquaredFlows_MatchHandValues()
    {
        // y = 1..100, p = y²: log p = 2 log y, so the low-flow log volume and the mid-FDC slope double.
        var y = Enumerable.Range(1, 100).Select(v => (float)v).ToArray();
        var p = y.Select(v => v * v).ToArray();
        var m = Of(p, y);
        Assert.Equal(100 * (10000 + 9801 - 199) / 199.0, m.Get("fhv_yilmaz"), 9);
        Assert.Equal(-100.0, m.Get("flv_yilmaz"), 9);
        Assert.Equal(100.0, m.Get("fms_yilmaz"), 9);
    }

    [Fact]
    public void YilmazFhv_TooFewDays_IsMissingWithReason()
    {
        var y = Enumerable.Range(1, 20).Select(v => (float)v).ToArray();
        var m = Of(y, y);
        Assert.True(double.IsNaN(m.Get("fhv_yilmaz")));
        Assert.Contains("needs ≥ 26", m.MissingReason("fhv_yilmaz"));
    }

    [Fact]
    public void ManyBasins_MatchBasinByBasin()
    {
        float[][] p = [[1, 2, 3, 4], [2, 6, 4, 10], [2.5f, 2.5f, 2.5f, 2.5f]];
        float[][] y = [[2, 2, 2, 6], [1, 3, 2, 5], [1, float.NaN, 3, 4]];
        int days = 4, basins = 3;
        var pt = new float[days * basins];
        var yt = new float[days * basins];
        for (int t = 0; t < days; t++)
        for (int b = 0; b < basins; b++) { pt[t * basins + b] = p[b][t]; yt[t * basins + b] = y[b][t]; }
        var all = MetricsCalculator.Compute(pt, yt, days, basins);
        for (int b = 0; b < basins; b++) Assert.Equal(Of(p[b], y[b]).Values(), all[b].Values());
    }

    [Fact]
    public void Compute_DifferentLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => Of([1, 2], [1]));
}
