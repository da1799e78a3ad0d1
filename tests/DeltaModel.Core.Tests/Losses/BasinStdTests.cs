using DeltaModel.Core.Data;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class BasinStdTests
{
    [Fact]
    public void FromTrainingTarget_IsPopulationStdOverObservedDays()
    {
        // basin 0: 1, 2, 3 (+NaN) → σ = √(2/3); basin 1: never observed → 0; basin 2: one day → 0.
        float n = float.NaN;
        var target = new DynamicVariable("streamflow", "mm/d", 4, 3, [1, n, 5, 2, n, n, 3, n, n, n, n, n]);
        var std = BasinStd.FromTrainingTarget(target);
        Assert.Equal(Math.Sqrt(2.0 / 3), std[0], 12);
        Assert.Equal(0.0, std[1]);
        Assert.Equal(0.0, std[2]);
    }

    [Fact]
    public void ForSampledBasins_OutOfRange_NamesColumnAndBasin()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LossContext.ForSampledBasins([1.0, 2.0], [0, 5]));
        Assert.Contains("column 1", e.Message);
        Assert.Contains("basin 5", e.Message);
    }
}
