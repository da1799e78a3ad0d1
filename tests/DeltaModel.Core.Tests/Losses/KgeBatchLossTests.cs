using static DeltaModel.Core.Tests.Losses.LossTestData;
using DeltaModel.Core.Losses;

namespace DeltaModel.Core.Tests.Losses;

public class KgeBatchLossTests
{
    internal static double PooledKge(double[] p, double[] y, double eps)
    {
        double pm = p.Average(), ym = y.Average(), sp = 0, sy = 0, c = 0;
        for (int i = 0; i < p.Length; i++) { sp += (p[i] - pm) * (p[i] - pm); sy += (y[i] - ym) * (y[i] - ym); c += (p[i] - pm) * (y[i] - ym); }
        double r = c / (Math.Sqrt(sp * sy) + eps), beta = pm / (ym + eps);
        double gamma = Math.Sqrt(sp / p.Length) / (Math.Sqrt(sy / p.Length) + eps);
        return 1 - Math.Sqrt((r - 1) * (r - 1) + (beta - 1) * (beta - 1) + (gamma - 1) * (gamma - 1));
    }

    [Fact]
    public void Compute_PerfectFit_KeepsOnlyTheEpsPenalty()
    {
        // y = [1, 2, 3]: Σ(y − ȳ)² = 2, ȳ = 2, s = √(2/3). With ε = 0.1 even a perfect fit scores below KGE = 1.
        double r = 2 / 2.1, beta = 2 / 2.1, s = Math.Sqrt(2.0 / 3), gamma = s / (s + 0.1);
        double kge = 1 - Math.Sqrt((r - 1) * (r - 1) + (beta - 1) * (beta - 1) + (gamma - 1) * (gamma - 1));
        using var l = new KgeBatchLoss(0.1).Compute(Matrix([1, 2, 3], 3, 1), Matrix([1, 2, 3], 3, 1), LossContext.None);
        Assert.Equal(1 - kge, l.item<double>(), 12);
    }

    [Fact]
    public void Compute_PoolsAllBasinsOfTheBatch()
    {
        using var l = new KgeBatchLoss(0.1).Compute(Matrix(P, 2, 2), Matrix(Y, 2, 2), LossContext.None);
        Assert.Equal(1 - PooledKge(P, Y, 0.1), l.item<double>(), 12);
    }

    [Fact]
    public void Compute_ConstantPrediction_HasFiniteGradient()
    {
        // A freshly initialized model can predict all zeros (spec §10 item 21); √0 must not poison the gradient.
        using var p = Matrix([0, 0, 0, 0], 2, 2, grad: true);
        using var l = new KgeBatchLoss().Compute(p, Matrix(Y, 2, 2), LossContext.None);
        l.backward();
        Assert.True(double.IsFinite(l.item<double>()));
        Assert.All(p.grad!.data<double>().ToArray(), g => Assert.True(double.IsFinite(g)));
    }
}
