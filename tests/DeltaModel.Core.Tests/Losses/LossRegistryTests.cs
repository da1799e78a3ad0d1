using DeltaModel.Core.Configuration;
using DeltaModel.Core.Losses;
using static DeltaModel.Core.Tests.Losses.LossTestData;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tests.Losses;

/// <summary>Behaviour every registered loss must have: masking, defined empty batches, exact gradients.</summary>
public class LossRegistryTests
{
    public static TheoryData<string> LossNames() => new(LossRegistry.Names);

    static ILoss Make(string name) => LossRegistry.Create(new LossConfig { Name = name });

    // [4, 3] batch with three missing observations, σ per column.
    const int T = 4, B = 3;
    static readonly double[] Pred = [0.5, 1.2, 3.0, 0.8, 2.5, 1.1, 1.7, 0.3, 2.2, 0.9, 1.4, 2.8];
    static readonly double[] Obs = [0.7, double.NaN, 2.6, 1.0, 2.0, double.NaN, 1.5, 0.4, 2.9, double.NaN, 1.1, 3.1];
    static readonly double[] Std = [0.4, 0.9, 1.3];

    [Fact]
    public void Names_ListEveryLossOfSpecSection4()
    {
        Assert.Equal(["kge_batch", "kge_norm_batch", "mse", "nse_batch", "nse_sqrt_batch", "rmse", "rmse_comb"], LossRegistry.Names);
    }

    [Theory, MemberData(nameof(LossNames))]
    public void Create_ReturnsLossNamedByItsKey(string name) => Assert.Equal(name, Make(name).Name);

    [Fact]
    public void Create_UnknownName_SuggestsTheClosest()
    {
        var e = Assert.Throws<ArgumentException>(() => LossRegistry.Create(new LossConfig { Name = "nse_btach" }));
        Assert.Contains("unknown loss 'nse_btach'", e.Message);
        Assert.Contains("did you mean 'nse_batch'", e.Message);
        Assert.Contains("rmse_comb", e.Message);
    }

    [Fact]
    public void Create_DmgClassName_PointsToConfigKey()
    {
        var e = Assert.Throws<ArgumentException>(() => LossRegistry.Create(new LossConfig { Name = "NseBatchLoss" }));
        Assert.Contains("config key is 'nse_batch'", e.Message);
    }

    [Fact]
    public void Create_OutOfRangeConstant_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => LossRegistry.Create(new LossConfig { Name = "rmse_comb", Alpha = 1.5 }));
        Assert.Contains("'train.loss.alpha'", e.Message);
        Assert.Contains("[0, 1]", e.Message);
    }

    [Fact]
    public void LossConfig_UnknownName_IsAConfigErrorWithSuggestion()
    {
        var errors = new ConfigErrors("run.yml");
        new LossConfig { Name = "rmse_cmb", Beta = -1 }.Validate(errors, "train.loss");
        Assert.Contains(errors.Problems, p => p.Contains("did you mean 'rmse_comb'"));
        Assert.Contains(errors.Problems, p => p.Contains("'train.loss.beta'"));
    }

    [Fact]
    public void UnsetConstants_TakeSpecDefaults_InCodeAndFromAFile()
    {
        Assert.Equal(new LossConfig { Name = "nse_batch", Alpha = 0.25, Beta = 1e-6, Eps = 0.1 }, new LossConfig { Name = "nse_batch" });
        var fromFile = YamlBinder.Bind<LossConfig>("name: nse_batch\nalpha: 0.5\n", "loss.yaml", ".").Value;
        Assert.Equal(new LossConfig { Name = "nse_batch", Alpha = 0.5 }, fromFile);
    }

    [Fact]
    public void Create_NotFiniteConstant_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LossRegistry.Create(new LossConfig { Name = "nse_batch", Eps = double.NaN }));
        Assert.Contains("'train.loss.eps'", e.Message);
    }

    [Theory, MemberData(nameof(LossNames))]
    public void Compute_EqualsLossOnObservedEntriesOnly(string name)
    {
        // Observed entries flattened to one time step of N "basins", each keeping its column's σ.
        var keep = Enumerable.Range(0, T * B).Where(i => !double.IsNaN(Obs[i])).ToArray();
        var loss = Make(name);
        using var masked = loss.Compute(Matrix(Pred, T, B), Matrix(Obs, T, B), LossContext.ForBatch(Std));
        using var filtered = loss.Compute(Matrix(keep.Select(i => Pred[i]).ToArray(), 1, keep.Length),
            Matrix(keep.Select(i => Obs[i]).ToArray(), 1, keep.Length), LossContext.ForBatch(keep.Select(i => Std[i % B]).ToArray()));
        Assert.Equal(filtered.item<double>(), masked.item<double>(), 12);
    }

    [Theory, MemberData(nameof(LossNames))]
    public void Backward_IsFiniteAndZeroAtMaskedEntries_EvenForNaNPredictions(string name)
    {
        var pred = (double[])Pred.Clone();
        pred[1] = double.NaN;                      // a NaN prediction on a day without observation
        pred[5] = -3;                              // and an out-of-domain one (√ of a negative in rmse_comb)
        using var p = Matrix(pred, T, B, grad: true);
        using var l = Make(name).Compute(p, Matrix(Obs, T, B), LossContext.ForBatch(Std));
        l.backward();
        Assert.True(double.IsFinite(l.item<double>()), $"loss {l.item<double>()}");
        var g = p.grad!.data<double>().ToArray();
        for (int i = 0; i < g.Length; i++)
        {
            Assert.True(double.IsFinite(g[i]), $"gradient[{i}] = {g[i]}");
            if (double.IsNaN(Obs[i])) Assert.Equal(0.0, g[i]);
        }
        Assert.Contains(g, x => x != 0);
    }

    [Theory, MemberData(nameof(LossNames))]
    public void Compute_NoObservation_IsZeroWithZeroGradient(string name)
    {
        using var p = Matrix(Pred, T, B, grad: true);
        using var l = Make(name).Compute(p, Matrix(Enumerable.Repeat(double.NaN, T * B).ToArray(), T, B), LossContext.ForBatch(Std));
        l.backward();
        Assert.Equal(0.0, l.item<double>());
        Assert.All(p.grad!.data<double>().ToArray(), g => Assert.Equal(0.0, g));
    }

    [Theory, MemberData(nameof(LossNames))]
    public void Backward_MatchesCentralDifferencesInFloat64(string name)
    {
        var loss = Make(name);
        var ctx = LossContext.ForBatch(Std);
        double Value(double[] x)
        {
            using var l = loss.Compute(Matrix(x, T, B), Matrix(Obs, T, B), ctx);
            return l.item<double>();
        }
        using var p = Matrix(Pred, T, B, grad: true);
        using (var l = loss.Compute(p, Matrix(Obs, T, B), ctx)) l.backward();
        var grad = p.grad!.data<double>().ToArray();
        const double h = 1e-6;
        for (int i = 0; i < Pred.Length; i++)
        {
            var up = (double[])Pred.Clone();
            var down = (double[])Pred.Clone();
            up[i] += h;
            down[i] -= h;
            double fd = (Value(up) - Value(down)) / (2 * h);
            Assert.True(Math.Abs(fd - grad[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{name}: d/dp[{i}] autograd {grad[i]}, FD {fd}");
        }
    }

    [Theory, MemberData(nameof(LossNames))]
    public void Compute_Float32_MatchesFloat64(string name)
    {
        var loss = Make(name);
        using var l32 = loss.Compute(Matrix(Pred, T, B, ScalarType.Float32), Matrix(Obs, T, B, ScalarType.Float32), LossContext.ForBatch(Std));
        using var l64 = loss.Compute(Matrix(Pred, T, B), Matrix(Obs, T, B), LossContext.ForBatch(Std));
        Assert.Equal(ScalarType.Float32, l32.dtype);
        Assert.Equal(l64.item<double>(), l32.item<float>(), 5);
    }
}
