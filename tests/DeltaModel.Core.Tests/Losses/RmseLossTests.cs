using static DeltaModel.Core.Tests.Losses.LossTestData;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class RmseLossTests
{
    [Fact]
    public void Compute_IsRootMeanSquaredError()
    {
        using var l = new RmseLoss().Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.None);
        Assert.Equal(Math.Sqrt(1.5), l.item<double>(), 12);
    }

    [Fact]
    public void Compute_PerfectFit_IsZeroWithFiniteGradient()
    {
        // Plain sqrt has an infinite slope at 0: the gradient of a perfect fit would be NaN.
        using var p = Matrix(Y, 2, 2, grad: true);
        using var l = new RmseLoss().Compute(p, Matrix(Y, 2, 2), LossContext.None);
        l.backward();
        Assert.Equal(0.0, l.item<double>());
        Assert.All(p.grad!.data<double>().ToArray(), g => Assert.Equal(0.0, g));
    }
}
