using static DeltaModel.Core.Tests.Losses.LossTestData;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class RmseCombLossTests
{
    [Fact]
    public void Compute_WeighsRmseAndLogRmseByAlpha()
    {
        double rmse = Math.Sqrt(1.5);
        double log = 0;
        for (int i = 0; i < 4; i++) log += Math.Pow(G(P[i]) - G(Y[i]), 2);
        double expected = 0.75 * rmse + 0.25 * Math.Sqrt(log / 4);
        using var l = new RmseCombLoss(0.25, 1e-6).Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.None);
        Assert.Equal(expected, l.item<double>(), 12);
    }

    [Fact]
    public void Compute_AlphaZero_IsPlainRmse()
    {
        using var l = new RmseCombLoss(0, 1e-6).Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.None);
        Assert.Equal(Math.Sqrt(1.5), l.item<double>(), 12);
    }

    [Fact]
    public void Compute_NegativePrediction_StaysFinite()
    {
        // δMG takes √(p + β) of a negative prediction → NaN; we clamp at 0 (documented deviation).
        using var p = Matrix([-1, 2, 3, -4], 2, 2, grad: true);
        using var l = new RmseCombLoss().Compute(p, Matrix(Y, 2, 2), LossContext.None);
        l.backward();
        Assert.True(double.IsFinite(l.item<double>()));
        Assert.All(p.grad!.data<double>().ToArray(), g => Assert.True(double.IsFinite(g)));
    }
}
