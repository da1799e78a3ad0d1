using DeltaModel.Core.Normalization;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Data;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tests.Sampling;

public class MinibatchSamplerTests
{
    [Theory]
    [InlineData(19, 365, 19, 4018, 365, 44)]     // anchor setup: 19 CAMELS basins, 1994-10-01..2005-09-30
    [InlineData(100, 365, 531, 3288, 365, 194)]  // CAMELS-531, 10-year (spec §6.4)
    [InlineData(100, 365, 671, 3288, 365, 246)]
    [InlineData(100, 365, 671, 5478, 365, 431)]
    public void IterationsPerEpoch_MatchesTheSpec(int bs, int rho, int nb, int nt, int w, int expected) =>
        Assert.Equal(expected, MinibatchSampler.IterationsPerEpoch(bs, rho, nb, nt, w));

    [Fact]
    public void Next_IsDeterministicForASeed_AndStaysInRange()
    {
        var a = new MinibatchSampler(10, 1000, 365, 365, 8, false, seed: 7);
        var b = new MinibatchSampler(10, 1000, 365, 365, 8, false, seed: 7);
        var lastDayDrawn = false;
        for (int i = 0; i < 500; i++)
        {
            var (ba, sa) = a.Next();
            var (bb, sb) = b.Next();
            Assert.Equal(ba, bb);
            Assert.Equal(sa, sb);
            Assert.Equal(ba.Length, ba.Distinct().Count());                    // without replacement
            Assert.All(sa, s => Assert.InRange(s, 0, 1000 - 730));
            lastDayDrawn |= sa.Contains(1000 - 730);                             // window ends on the last day
        }
        Assert.True(lastDayDrawn, "the last training day must be reachable as a target (spec §10.18 fix)");
    }

    [Fact]
    public void BatchLargerThanBasins_FallsBackToReplacement()
    {
        var s = new MinibatchSampler(3, 800, 365, 365, 10, false, seed: 1);
        var (basins, _) = s.Next();
        Assert.Equal(10, basins.Length);
        Assert.All(basins, b => Assert.InRange(b, 0, 2));
    }

    [Fact]
    public void Window_CopiesTheRightDaysAndBasins()
    {
        var data = TestData.Synthetic(4, 50);
        var spec = new InputSpec(["prcp", "tmean"], ["p_mean"], [], ["prcp", "tmean", "pet"], [], "streamflow");
        var stats = NormalizationStatistics.Compute(data, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        var prepared = PreparedData.Prepare(data, spec, stats);

        using var batch = prepared.Window([2, 0], [10, 30], 15, CPU);
        Assert.Equal(new long[] { 15, 2, 2 }, batch.NetworkForcings.shape);
        Assert.Equal(new long[] { 15, 2, 3 }, batch.PhysicsForcings.shape);
        Assert.Equal(new long[] { 2, 1 }, batch.NetworkAttributes.shape);
        // Raw physics forcing: day 10+4 of basin 2, channel tmean.
        Assert.Equal(data.Variable("tmean")[14, 2], batch.PhysicsForcings[4, 0, 1].item<float>());
        Assert.Equal(data.Variable("streamflow")[30 + 7, 0], batch.Target[7, 1].item<float>());
        // Normalized network forcing matches the statistics.
        double z = stats.Forcings[1].Normalize(data.Variable("tmean")[30, 0]);
        Assert.Equal(z, batch.NetworkForcings[0, 1, 1].item<float>(), 5);
        Assert.Equal(stats.Attributes[0].Normalize(data.Attribute("p_mean").Values[2]), batch.NetworkAttributes[0, 0].item<float>(), 5);
    }

    [Fact]
    public void Prepare_MissingPhysicsForcing_IsAnError_NotSilentZero()
    {
        var data = TestData.Synthetic(2, 30);
        data.Variable("prcp").Values[17] = float.NaN;
        var spec = new InputSpec(["tmean"], [], [], ["prcp", "tmean", "pet"], [], "streamflow");
        var stats = NormalizationStatistics.Compute(data, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        var e = Assert.Throws<DataException>(() => PreparedData.Prepare(data, spec, stats));
        Assert.Contains("prcp", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Prepare_MissingNetworkInput_BecomesTheMean()
    {
        var data = TestData.Synthetic(2, 30);
        data.Variable("tmean").Values[5] = float.NaN;                             // day 2, basin 1
        var spec = new InputSpec(["tmean"], [], [], ["prcp"], [], "streamflow");
        var stats = NormalizationStatistics.Compute(data, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        using var batch = PreparedData.Prepare(data, spec, stats).Chunk(0, 2, CPU);
        Assert.Equal(0f, batch.NetworkForcings[2, 1, 0].item<float>());
    }
}
