using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data.Splits;
using DeltaModel.Core.Losses;
using DeltaModel.Core.Normalization;
using DeltaModel.Core.Sampling;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tests.Sampling;

/// <summary>Training under a split: windows are drawn where trainable days are, and masked years give no gradient.</summary>
public class MaskedSamplingTests
{
    [Fact]
    public void Every_window_scores_a_trainable_day_and_a_basin_without_one_is_never_drawn()
    {
        const int days = 400, basins = 3, warmUp = 20, rho = 30;
        var mask = new bool[days * basins];
        for (int t = 100; t < 110; t++) mask[t * basins + 0] = true;     // basin 0: ten trainable days
        for (int t = 300; t < 400; t++) mask[t * basins + 1] = true;     // basin 1: the last hundred; basin 2: none
        var a = new MinibatchSampler(basins, days, warmUp, rho, 2, false, seed: 5, mask);
        var b = new MinibatchSampler(basins, days, warmUp, rho, 2, false, seed: 5, mask);
        var drawn = new HashSet<int>();
        for (int i = 0; i < 300; i++)
        {
            var (chosen, starts) = a.Next();
            var (again, againStarts) = b.Next();                             // deterministic for a seed
            Assert.Equal(chosen, again);
            Assert.Equal(starts, againStarts);
            for (int k = 0; k < chosen.Length; k++)
            {
                int first = starts[k] + warmUp;                              // first scored day
                Assert.InRange(starts[k], 0, days - warmUp - rho);
                Assert.Contains(Enumerable.Range(first, rho), t => mask[t * basins + chosen[k]]);
                drawn.Add(chosen[k]);
            }
        }
        Assert.Equal([0, 1], drawn.Order());
    }

    [Fact]
    public void A_mask_without_any_trainable_window_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new MinibatchSampler(2, 100, 10, 20, 2, false, 1, new bool[200]));
        Assert.Contains("nothing to train on", e.Message);
    }

    [Fact]
    public void Days_of_held_out_years_reach_the_loss_as_missing_and_get_no_gradient()
    {
        var rule = new SplitConfig { FirstYear = 2001, LastYear = 2004, ReturnPeriod = 2, MinObservedDays = 300 };
        var data = TestData.Synthetic(2, rule.End.DayNumber - rule.Start.DayNumber + 1, start: rule.Start);
        var split = AnnualMaximaSplit.Rank(data, rule);
        var train = split.DayMask(data, heldOut: false);
        var masked = AnnualMaximaSplit.Masked(data, train);
        var spec = new InputSpec(["prcp", "tmean"], ["p_mean"], [], ["prcp", "tmean", "pet"], [], "streamflow");
        var stats = NormalizationStatistics.Compute(masked, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        var prepared = PreparedData.Prepare(masked, spec, stats).WithScoredDays(train);
        Assert.Contains(train, m => !m);                                      // n = 4, T > 2: the largest year of each basin is held out

        var sampler = new MinibatchSampler(2, data.DayCount, 30, 200, 2, false, seed: 11, prepared.ScoredDays);
        for (int i = 0; i < 20; i++)
        {
            var (chosen, starts) = sampler.Next();
            using var batch = prepared.Window(chosen, starts, sampler.WindowLength, CPU);
            using var prediction = zeros([200, 2], dtype: ScalarType.Float64).requires_grad_(true);
            using var loss = new RmseLoss().Compute(prediction, batch.Target[30..].to(ScalarType.Float64), LossContext.None);
            loss.backward();
            var grad = prediction.grad!.data<double>().ToArray();
            for (int k = 0; k < 2; k++)
            for (int t = 0; t < 200; t++)
            {
                bool trainable = train[(starts[k] + 30 + t) * 2 + chosen[k]];
                if (!trainable) Assert.Equal(0.0, grad[t * 2 + k]);          // a held-out day: no gradient at all
            }
            Assert.Contains(grad, g => g != 0);                               // … and the trainable days do train
        }
    }
}
