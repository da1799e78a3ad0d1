using static DeltaModel.Core.Tests.Losses.LossTestData;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class NseSqrtBatchLossTests
{
    [Fact]
    public void Compute_ScalesRootErrorsByBasinStdPlusEps()
    {
        const double b = 1e-6;
        double expected = (Math.Sqrt(0 + b) / 1.1 + Math.Sqrt(1 + b) / 3.1 + Math.Sqrt(1 + b) / 1.1 + Math.Sqrt(4 + b) / 3.1) / 4;
        using var l = new NseSqrtBatchLoss(0.1, b).Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.ForBatch([1.0, 3.0]));
        Assert.Equal(expected, l.item<double>(), 12);
    }

    [Fact]
    public void Compute_MaskedEntriesAddNoBetaTerm()
    {
        // √β is nonzero at p = y: a masked entry must not contribute it.
        using var l = new NseSqrtBatchLoss(0.1, 0.25).Compute(Matrix([1, 7], 2, 1), Matrix([1, double.NaN], 2, 1), LossContext.ForBatch([0.9]));
        Assert.Equal(0.5 / 1.0, l.item<double>(), 12);
    }
}
