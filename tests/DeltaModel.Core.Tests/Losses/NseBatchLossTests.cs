using static DeltaModel.Core.Tests.Losses.LossTestData;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class NseBatchLossTests
{
    [Fact]
    public void Compute_ScalesErrorsByBasinStdPlusEps()
    {
        // σ = [1, 3], ε = 0.1: column scales 1.1 and 3.1.
        double expected = (0 + 1 / (3.1 * 3.1) + 1 / (1.1 * 1.1) + 4 / (3.1 * 3.1)) / 4;
        using var l = new NseBatchLoss(0.1).Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.ForBatch([1.0, 3.0]));
        Assert.Equal(expected, l.item<double>(), 12);
    }

    [Fact]
    public void Compute_LooksUpSampledBasinsWithRepeats()
    {
        double[] std = [5, 1, 3];
        using var viaLookup = new NseBatchLoss().Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.ForSampledBasins(std, [1, 2]));
        using var direct = new NseBatchLoss().Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.ForBatch([1.0, 3.0]));
        Assert.Equal(direct.item<double>(), viaLookup.item<double>(), 12);
        Assert.Equal([3.0, 3.0], LossContext.ForSampledBasins(std, [2, 2]).BasinStd!);
    }

    [Fact]
    public void Compute_WithoutBasinStd_ExplainsWhatIsNeeded()
    {
        var e = Assert.Throws<ArgumentException>(() => new NseBatchLoss().Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.None));
        Assert.Contains("nse_batch", e.Message);
        Assert.Contains("BasinStd.FromTrainingTarget", e.Message);
    }

    [Fact]
    public void Compute_StdForWrongNumberOfColumns_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new NseBatchLoss().Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.ForBatch([1.0])));
        Assert.Contains("1 basins", e.Message);
    }
}
