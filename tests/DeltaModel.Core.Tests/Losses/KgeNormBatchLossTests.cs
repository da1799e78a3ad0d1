using static DeltaModel.Core.Tests.Losses.LossTestData;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class KgeNormBatchLossTests
{
    [Fact]
    public void Compute_IsOneMinusKgeOverTwoMinusKge()
    {
        double kge = KgeBatchLossTests.PooledKge(P, Y, 0.1);
        using var l = new KgeNormBatchLoss(0.1).Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.None);
        Assert.Equal(1 - kge / (2 - kge), l.item<double>(), 12);
    }
}
