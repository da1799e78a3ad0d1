using static DeltaModel.Core.Tests.Losses.LossTestData;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class MseLossTests
{
    [Fact]
    public void Compute_IsMeanSquaredError()
    {
        using var l = new MseLoss().Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.None);
        Assert.Equal(6.0 / 4, l.item<double>(), 12);
    }

    [Fact]
    public void Compute_SkipsMissingObservations()
    {
        using var l = new MseLoss().Compute(Matrix(P, 2, 2), Matrix([1, double.NaN, 2, 6], 2, 2), LossContext.None);
        Assert.Equal(5.0 / 3, l.item<double>(), 12);
    }

    [Fact]
    public void Compute_AcceptsOneBasinBatch()
    {
        // δMG squeezes [T, 1] to [T] and then rejects it (spec §4); a one-basin batch must work.
        using var l = new MseLoss().Compute(Matrix([1, 2, 3], 3, 1), Matrix([2, 2, 2], 3, 1), LossContext.None);
        Assert.Equal(2.0 / 3, l.item<double>(), 12);
    }

    [Fact]
    public void Compute_RejectsMismatchedShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new MseLoss().Compute(Matrix(P, 2, 2), Matrix(P, 4, 1), LossContext.None));
        Assert.Contains("[4, 1]", e.Message);
        Assert.Contains("[2, 2]", e.Message);
    }
}
