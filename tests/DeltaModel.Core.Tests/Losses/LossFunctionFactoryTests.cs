using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Losses;
using static DeltaModel.Core.Tests.Losses.LossTestData;

namespace DeltaModel.Core.Tests.Losses;

public class LossFunctionFactoryTests
{
    [Fact]
    public void Create_FromOptions_UsesStdOfTheSampledTrainingBasins()
    {
        // training basins' σ: basin 0 → 0.5 (values 0, 1), basin 1 → 1 (values 0, 2), basin 2 → 0.
        var target = new DynamicVariable("streamflow", "mm/d", 2, 3, [0, 0, 7, 1, 2, 7]);
        var fn = LossFunctionFactory.Create(new LossConfig { Name = "nse_batch" }, target);
        using var viaTrainer = fn(Matrix(P, 2, 2), Matrix(Y, 2, 2), [1, 0]);
        using var direct = new NseBatchLoss().Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.ForBatch([1.0, 0.5]));
        Assert.Equal(direct.item<double>(), viaTrainer.item<double>(), 12);
    }

    [Fact]
    public void Create_StdLossWithoutStd_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => LossFunctionFactory.Create(new NseSqrtBatchLoss()));
        Assert.Contains("nse_sqrt_batch", e.Message);
    }

    [Fact]
    public void Create_LossWithoutStd_IgnoresBasins()
    {
        var fn = LossFunctionFactory.Create(new MseLoss());
        using var l = fn(Matrix(P, 2, 2), Matrix(Y, 2, 2), [99, 100]);
        Assert.Equal(1.5, l.item<double>(), 12);
    }
}
