using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Composition;

public class HybridModelTests
{
    const int T = 70, B = 3, WarmUp = 30;

    static readonly InputSpec Spec = new(["prcp", "tmean", "pet"], ["p_mean"], [], ["prcp", "tmean", "pet"], [], "streamflow");

    static HybridModel Create(string backend, int seed = 3, ScalarType dtype = ScalarType.Float32, int warmUp = WarmUp)
    {
        manual_seed(seed);
        var physics = ModelRegistry.CreatePhysics("hbv", new PhysicsOptions
        {
            Components = 2, DynamicParameters = ["parBETA", "parBETAET"], Backend = backend,
        });
        var model = new HybridModel(new NeuralNetworkConfig { HiddenSize = 8, Dropout = 0 }, physics, Spec, warmUp);
        model.Module.to(dtype);
        return model;
    }

    static ModelBatch Batch(ScalarType dtype)
    {
        var g = new Generator(11);
        var prcp = rand(new long[] { T, B, 1 }, generator: g, dtype: dtype) * 12;
        var tmean = rand(new long[] { T, B, 1 }, generator: g, dtype: dtype) * 20 - 5;
        var pet = rand(new long[] { T, B, 1 }, generator: g, dtype: dtype) * 3;
        return new ModelBatch
        {
            NetworkForcings = randn(new long[] { T, B, 3 }, generator: g, dtype: dtype),
            NetworkAttributes = randn(new long[] { B, 1 }, generator: g, dtype: dtype),
            PhysicsForcings = cat([prcp, tmean, pet], 2),
            PhysicsAttributes = zeros(B, 0, dtype: dtype),
            Target = rand(new long[] { T, B }, generator: g, dtype: dtype) * 4,
            Basins = [0, 1, 2],
            Starts = [0, 0, 0],
        };
    }

    [Fact]
    public void Forward_returns_scored_days_of_every_physics_series_and_learned_parameters()
    {
        using var model = Create("auto");
        using var batch = Batch(ScalarType.Float32);
        var output = model.Forward(batch);
        Assert.Equal(new long[] { T - WarmUp, B }, output.Series["streamflow"].shape);
        foreach (var name in model.Physics.Declarations.OutputNames) Assert.True(output.Series.ContainsKey(name), name);
        var fc = output.Scalars["param_parFC"];
        var spec = model.Physics.Declarations.Parameters.Single(p => p.Name == "parFC");
        Assert.True(fc.ge(spec.Lower).all().item<bool>() && fc.le(spec.Upper).all().item<bool>(), "parFC within its bounds");
        Assert.False(output.Series["streamflow"].isnan().any().item<bool>());
    }

    [Fact]
    public void Fused_and_tensor_backends_give_the_same_forward_and_weight_gradients()
    {
        using var batch = Batch(ScalarType.Float64);
        var (fusedLoss, fusedGrad) = LossAndGradient(Create("fused", dtype: ScalarType.Float64), batch);
        var (tensorLoss, tensorGrad) = LossAndGradient(Create("tensor", dtype: ScalarType.Float64), batch);
        Assert.Equal(tensorLoss, fusedLoss, 10);
        double scale = tensorGrad.Select(Math.Abs).Max();
        for (int i = 0; i < tensorGrad.Length; i++) Assert.True(Math.Abs(fusedGrad[i] - tensorGrad[i]) <= 1e-7 * scale, $"gradient {i}: {fusedGrad[i]} vs {tensorGrad[i]}");
    }

    /// <summary>
    /// d(loss)/d(network weight) by autograd through LSTM → mapping → HBV → routing agrees with finite differences.
    /// Without warm-up: a spin-up is deliberately outside the gradient (spec §1.3), which finite differences would see.
    /// </summary>
    [Fact]
    public void Weight_gradients_match_finite_differences()
    {
        using var model = Create("auto", dtype: ScalarType.Float64, warmUp: 0);
        using var batch = Batch(ScalarType.Float64);
        var weight = model.Module.named_parameters().First(p => p.name.EndsWith("linearOut.weight", StringComparison.Ordinal)).parameter;
        var (_, grad) = LossAndGradient(model, batch, weight);
        var flat = weight.detach().view(-1);
        foreach (int i in new[] { 0, 7, 19, 40, (int)flat.shape[0] - 1 })
        {
            double original = flat[i].item<double>(), h = 1e-6;
            using (no_grad()) flat[i] = original + h;
            double up = Loss(model, batch);
            using (no_grad()) flat[i] = original - h;
            double down = Loss(model, batch);
            using (no_grad()) flat[i] = original;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - grad[i]) <= 1e-5 * Math.Max(1e-3, Math.Abs(fd)) + 1e-9, $"weight {i}: autograd {grad[i]}, FD {fd}");
        }
    }

    static double Loss(HybridModel model, ModelBatch batch)
    {
        using var _ = no_grad();
        return LossTensor(model, batch).item<double>();
    }

    static Tensor LossTensor(HybridModel model, ModelBatch batch)
    {
        var q = model.Forward(batch).Series["streamflow"];
        return (q - batch.Target[model.WarmUp..]).pow(2).mean();
    }

    static (double Loss, double[] Gradient) LossAndGradient(HybridModel model, ModelBatch batch, Tensor? of = null)
    {
        model.Module.train(false);      // no dropout: deterministic
        var parameter = of ?? model.Module.parameters().Last();
        model.Module.zero_grad();
        var loss = LossTensor(model, batch);
        loss.backward();
        return (loss.item<double>(), parameter.grad!.view(-1).data<double>().ToArray());
    }
}
