using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Neural;

/// <summary>The two-branch network of δHBV 2.0 (spec §3.2) on its own and driving HBV 2.0 inside <see cref="HybridModel"/>.</summary>
[Collection("PhysicsZoo")]
public class LstmMlpNetworkTests
{
    // 3 forcings + 2 attributes in; channels 0 and 3 are read per day, the rest once per basin.
    static readonly NetworkLayout Layout = new(5, 6, 2, [true, false, false, true, false, false]);

    static LstmMlpNetwork Network() => new(Layout, lstmHiddenSize: 8, dropConnect: 0, mlpHiddenSize: 16, mlpLayers: 3, mlpDropout: 0);

    static Tensor Input(long T, long B, Generator g) =>
        cat([randn(new long[] { T, B, 3 }, generator: g), randn(new long[] { 1, B, 2 }, generator: g).expand(T, B, 2)], 2);

    [Fact]
    public void StaticChannels_AreConstantInTime_DynamicChannelsAreNot()
    {
        manual_seed(1);
        using var scope = NewDisposeScope();
        var y = Network().Forward(Input(30, 4, new Generator(2)), 0);
        Assert.Equal(new long[] { 30, 4, 6 }, y.shape);
        foreach (int k in new[] { 1, 2, 4, 5 })                   // exact: one MLP value per basin, repeated over the days
            Assert.True((y[.., .., k] - y[0, .., k]).abs().max().item<float>() == 0, $"channel {k} varies in time");
        foreach (int k in new[] { 0, 3 })
            Assert.True((y[.., .., k] - y[0, .., k]).abs().max().item<float>() > 1e-4, $"channel {k} should vary in time");
    }

    [Fact]
    public void OutputPlan_SkipsTheLstmOutputBeforeItsFirstDay_AndKeepsEverythingElse()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        var net = Network();
        var x = Input(30, 4, new Generator(6));
        var full = net.Forward(x, 10);
        var planned = net.Forward(x, 10, new OutputPlan(12, [12, 29]));
        Assert.True(planned[12..].allclose(full[12..], rtol: 1e-6, atol: 1e-7), "every channel from the first dynamic day on");
        foreach (int k in new[] { 1, 2, 4, 5 })
            Assert.True(planned[..12, .., k].allclose(full[..12, .., k]), $"static channel {k} is written on every day");
        foreach (int k in new[] { 0, 3 })
            Assert.Equal(0, planned[..12, .., k].abs().max().item<float>());
    }

    [Fact]
    public void MlpBranch_ReadsTheAttributesOnly()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        var net = Network();
        var x = Input(20, 3, new Generator(4));
        var y = net.Forward(x, 0);
        var otherForcings = x.clone();
        otherForcings[.., .., TensorIndex.Slice(0, 3)] = randn(20, 3, 3);
        var y2 = net.Forward(otherForcings, 0);
        var isStatic = tensor(new[] { 1, 2, 4, 5 });
        var isDynamic = tensor(new[] { 0, 3 });
        Assert.True((y.index_select(2, isStatic) - y2.index_select(2, isStatic)).abs().max().item<float>() == 0, "static outputs must not depend on forcings");
        Assert.True((y.index_select(2, isDynamic) - y2.index_select(2, isDynamic)).abs().max().item<float>() > 1e-4);
        var otherAttributes = x.clone();
        otherAttributes[.., .., TensorIndex.Slice(3)] += 1;
        var y3 = net.Forward(otherAttributes, 0);
        Assert.True((y.index_select(2, isStatic) - y3.index_select(2, isStatic)).abs().max().item<float>() > 1e-5, "static outputs follow the attributes");
    }

    [Fact]
    public void Gradient_ReachesBothBranches()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        var net = Network();
        (net.Forward(Input(15, 2, new Generator(6)), 5) * randn(15, 2, 6)).sum().backward();
        var grads = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        Assert.Contains(grads, kv => kv.Key.StartsWith("lstm.", StringComparison.Ordinal) && kv.Value is { } g && g.abs().sum().item<float>() > 0);
        Assert.Contains(grads, kv => kv.Key.StartsWith("mlp.", StringComparison.Ordinal) && kv.Value is { } g && g.abs().sum().item<float>() > 0);
        // The MLP's first layer sees only the 2 attributes.
        Assert.Equal(2, net.named_parameters().First(p => p.name.StartsWith("mlp.", StringComparison.Ordinal) && p.name.EndsWith("weight", StringComparison.Ordinal)).parameter.shape[1]);
    }

    [Fact]
    public void Layout_WithoutAttributesOrStaticOutputs_IsRejected()
    {
        var noAttributes = Assert.Throws<ArgumentException>(() => new LstmMlpNetwork(new NetworkLayout(3, 4, 0, [true, false, false, false]), 8, 0, 8, 2, 0));
        Assert.Contains("model.nn.attributes", noAttributes.Message);
        var allDynamic = Assert.Throws<ArgumentException>(() => NetworkRegistry.Create(new NeuralNetworkConfig { Name = "lstm_mlp" }, new NetworkLayout(5, 2, 2)));
        Assert.Contains("use 'lstm'", allDynamic.Message);
        Assert.Contains("lstm_mlp", NetworkRegistry.Names);
    }

    [Fact]
    public void HybridModel_Hbv2WithLstmMlp_StaticParametersAreTheMlpValues_GradientReachesBothBranches()
    {
        const int T = 50, B = 3, W = 10;
        manual_seed(7);
        using var scope = NewDisposeScope();
        var physics = ModelRegistry.CreatePhysics("hbv_2_0", new PhysicsOptions { Components = 2, DynamicParameters = ["parBETA", "parK0", "parBETAET"] });
        var spec = new InputSpec(["prcp", "tmean", "pet"], ["p_mean", "elev_mean"], [], ["prcp", "tmean", "pet"], physics.Declarations.Attributes, "streamflow");
        var config = new NeuralNetworkConfig
        {
            Name = "lstm_mlp", HiddenSize = 8, Dropout = 0, Attributes = ["p_mean", "elev_mean"],
            Options = new LstmMlpOptions { MlpHiddenSize = 16, MlpLayers = 2, MlpDropout = 0 },
        };
        using var model = new HybridModel(config, physics, spec, W);
        var g = new Generator(11);
        ModelBatch Batch(long days) => new()
        {
            NetworkForcings = randn(new long[] { days, B, 3 }, generator: new Generator(1)),
            NetworkAttributes = tensor(new float[] { 0.1f, -1, 0.5f, 1.2f, -0.3f, 0 }).view(B, 2),
            PhysicsForcings = cat([rand(new long[] { days, B, 1 }, generator: new Generator(2)) * 12,
                                   rand(new long[] { days, B, 1 }, generator: new Generator(3)) * 20 - 5,
                                   rand(new long[] { days, B, 1 }, generator: new Generator(4)) * 3], 2),
            PhysicsAttributes = tensor(new float[] { 300, 150, 2400, 900, 1000, 3000 }).view(B, 2),
            Target = rand(new long[] { days, B }, generator: g) * 4,
            Basins = [0, 1, 2],
            Starts = [0, 0, 0],
        };
        using var batch = Batch(T);
        model.Module.train(true);
        var output = model.Forward(batch);
        Assert.Contains("exchange", output.Series.Keys);
        var loss = (output.Series["streamflow"] - batch.Target[W..]).pow(2).mean();
        loss.backward();
        Assert.True(double.IsFinite(loss.item<float>()));
        var grads = model.Module.named_parameters().ToList();
        Assert.All(grads, p => Assert.True(p.parameter.grad is null || p.parameter.grad.isfinite().all().item<bool>(), p.name));
        Assert.Contains(grads, p => p.name.Contains(".lstm.") && p.parameter.grad is { } gr && gr.abs().sum().item<float>() > 0);
        Assert.Contains(grads, p => p.name.Contains(".mlp.") && p.parameter.grad is { } gr && gr.abs().sum().item<float>() > 0);

        // Static parameters do not depend on where the sequence ends (spec §10.15): a shorter window gives the same parFC.
        model.Module.eval();
        using var noGrad = no_grad();
        using var shorter = Batch(T - 15);
        var full = model.Forward(batch).Scalars["param_parFC"];
        var cut = model.Forward(shorter).Scalars["param_parFC"];
        // Exact: the same MLP on the same attributes (same shapes, same kernel); the window length never reaches it.
        Assert.True((full - cut).abs().max().item<float>() == 0, "static parameters are the MLP's values");
        Assert.Contains(model.Describe(), line => line.Contains("MLP on 2 attributes"));
    }
}
