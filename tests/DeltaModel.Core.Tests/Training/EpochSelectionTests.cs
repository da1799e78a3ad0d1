using DeltaModel.Core.Configuration;
using DeltaModel.Core.Training;

namespace DeltaModel.Core.Tests.Training;

/// <summary>Best epoch and early stopping on scripted validation scores.</summary>
public sealed class EpochSelectionTests
{
    /// <summary>Feeds scores for epochs 1, 2, … until the selection stops; returns the epoch it stopped at (0 = never).</summary>
    static int Run(EpochSelection selection, params double[] scores)
    {
        for (int i = 0; i < scores.Length; i++)
        {
            selection.Observe(i + 1, scores[i]);
            if (selection.Current.Stopped) return i + 1;
        }
        return 0;
    }

    [Fact]
    public void StopsAfterPatienceScoringsWithoutImprovement_AndKeepsTheBestEpoch()
    {
        var selection = new EpochSelection(higherIsBetter: true, new EarlyStoppingConfig { Patience = 3 });
        int stopped = Run(selection, 0.1, 0.3, 0.5, 0.45, 0.5, 0.49, 0.9, 0.95);
        Assert.Equal(6, stopped);                    // 4, 5 (a tie is no improvement), 6 → three in a row
        Assert.Equal(3, selection.Current.BestEpoch);
        Assert.Equal(0.5, selection.Current.BestScore);
    }

    [Fact]
    public void MinDelta_ImprovementsSmallerThanItDoNotResetTheCount()
    {
        var selection = new EpochSelection(higherIsBetter: true, new EarlyStoppingConfig { Patience = 2, MinDelta = 0.01 });
        int stopped = Run(selection, 0.50, 0.505, 0.509, 0.6);
        Assert.Equal(3, stopped);
        Assert.Equal(1, selection.Current.BestEpoch);
    }

    [Fact]
    public void LowerIsBetter_ForErrorMetrics_AndNaNNeverImproves()
    {
        var selection = new EpochSelection(higherIsBetter: false, new EarlyStoppingConfig { Patience = 2 });
        int stopped = Run(selection, double.NaN, 2.0, 1.5, double.NaN, 1.6);
        Assert.Equal(5, stopped);
        Assert.Equal(3, selection.Current.BestEpoch);
    }

    [Fact]
    public void WithoutEarlyStopping_NeverStops_AndTheBestIsTheLastStrictImprovement()
    {
        var selection = new EpochSelection(higherIsBetter: true, stopping: null);
        Assert.Equal(0, Run(selection, 0.2, 0.1, 0.0, -0.1, 0.2, 0.3, 0.3));
        Assert.Equal(6, selection.Current.BestEpoch);
        Assert.Equal(1, selection.Current.Stale);       // the tie at epoch 7
    }

    [Fact]
    public void ResumedState_ContinuesTheCountExactlyWhereItWas()
    {
        var stopping = new EarlyStoppingConfig { Patience = 3 };
        double[] scores = [0.4, 0.6, 0.5, 0.55, 0.58, 0.7];
        var whole = new EpochSelection(true, stopping);
        int uninterrupted = Run(whole, scores);

        var first = new EpochSelection(true, stopping);
        Run(first, scores[..4]);
        var resumed = new EpochSelection(true, stopping, first.Current);
        for (int e = 5; e <= scores.Length && !resumed.Current.Stopped; e++) resumed.Observe(e, scores[e - 1]);
        Assert.Equal(5, uninterrupted);
        Assert.Equal(whole.Current, resumed.Current);
    }
}
