using DeltaModel.Core.Configuration;
using DeltaModel.Models.Neural;
using DeltaModel.Tests.Shared;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Neural;

public class NetworkPrecisionSwitchTests
{
    const int T = 40, B = 3, Inputs = 6, Outputs = 9;

    static (ISequenceNetwork Network, NetworkPrecisionSwitch Switch) Create(string name)
    {
        manual_seed(5);
        var config = new NeuralNetworkConfig
        {
            Name = name, HiddenSize = 16, Dropout = 0.3,
            Options = name == "lstm_mlp" ? new LstmMlpOptions { MlpHiddenSize = 8, MlpLayers = 2 } : null,
        };
        var layout = new NetworkLayout(Inputs, Outputs, Attributes: 2, DynamicOutputs: [.. Enumerable.Range(0, Outputs).Select(k => k < 4)]);
        var network = NetworkRegistry.Create(config, layout);
        return (network, new NetworkPrecisionSwitch(network, () => NetworkRegistry.Create(config, layout)));
    }

    static Tensor Input()
    {
        var g = new Generator(2);
        var x = randn(new long[] { T, B, Inputs }, generator: g);
        x[.., .., 4..] = randn(new long[] { 1, B, 2 }, generator: g).expand(T, B, 2);   // attributes repeat every day
        return x;
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("mlp")]
    [InlineData("lstm_mlp")]
    public void Bfloat16_evaluation_matches_float32_to_bfloat16_rounding(string name)
    {
        var (network, precision) = Create(name);
        using var x = Input();
        network.Module.eval();
        using var noGrad = no_grad();
        using var reference = network.Forward(x, 0);
        using (precision.Use(ScalarType.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, precision.Current);
            using var narrow = precision.Forward(x, 0);
            Assert.Equal(ScalarType.Float32, narrow.dtype);
            Assert.Equal(reference.shape, narrow.shape);
            double scale = reference.abs().max().item<float>();
            double error = (narrow - reference).abs().max().item<float>();
            Assert.True(error <= 0.05 * scale, $"{name}: bfloat16 differs by {error} on outputs of magnitude {scale}");
            Assert.True(error > 0, $"{name}: the bfloat16 pass returned exactly the float32 values: it did not run in bfloat16");
        }
        Assert.Equal(ScalarType.Float32, precision.Current);
        using var after = precision.Forward(x, 0);
        // Exact: the same network, input and kernel in the same process (the probe's choice is cached per size and type).
        Assert.True(after.allclose(reference, rtol: 0, atol: 0), "after the scope the float32 network runs again");
    }

    [Fact]
    public void The_twin_takes_the_weights_current_when_the_scope_opens()
    {
        var (network, precision) = Create("lstm");
        using var x = Input();
        network.Module.eval();
        using var noGrad = no_grad();
        Tensor first;
        using (precision.Use(ScalarType.BFloat16)) first = precision.Forward(x, 0);
        foreach (var p in network.Module.parameters()) p.add_(0.1);
        using var reference = network.Forward(x, 0);
        using (precision.Use(ScalarType.BFloat16))
        {
            using var second = precision.Forward(x, 0);
            Assert.False(second.allclose(first, rtol: 0, atol: 1e-3), "the second pass must see the changed weights");
            Assert.True((second - reference).abs().max().item<float>() <= 0.05 * reference.abs().max().item<float>());
        }
        first.Dispose();
    }

    [Fact]
    public void Training_and_gradient_passes_stay_in_float32_and_the_random_stream_is_untouched()
    {
        var (network, precision) = Create("lstm");
        using var x = Input();
        using var scope = precision.Use(ScalarType.BFloat16);
        network.Module.eval();
        using (var withGrad = precision.Forward(x, 0))
        {
            // The dispatch itself: the pass's graph reaches the float32 network's own weights (the twin's are others).
            withGrad.sum().backward();
            Assert.All(network.Module.named_parameters(), p =>
                Assert.True(p.parameter.grad is { } g && g.abs().sum().item<float>() > 0, $"a pass with gradient uses the float32 network: no gradient on {p.name}"));
            // Its values are the float32 network's up to the rounding of another kernel: libtorch runs the LSTM without
            // gradient through oneDNN's inference kernel (or not, by CPU and probe), with gradient through its own, so
            // the two agree to float32 rounding over 40 chained days of 2·16-term gate sums; bfloat16 would be ~1e-2 off.
            using (no_grad())
            using (var reference = network.Forward(x, 0))
                Tolerance.AssertClose(reference, withGrad, Tolerance.Relative(ScalarType.Float32, terms: 2 * 16, steps: T), "a pass with gradient");
        }

        manual_seed(9);
        using var expected = rand(3);
        manual_seed(9);
        using (precision.Use(ScalarType.Float32)) { }
        scope.Dispose();
        using (precision.Use(ScalarType.BFloat16)) { }
        using var drawn = rand(3);
        Assert.True(drawn.allclose(expected, rtol: 0, atol: 0), "building the twin must not consume the global random stream");
    }

    [Fact]
    public void Unsupported_types_and_nested_scopes_are_refused()
    {
        var (_, precision) = Create("lstm");
        Assert.Throws<NotSupportedException>(() => precision.Use(ScalarType.Float64));
        using var scope = precision.Use(ScalarType.BFloat16);
        Assert.Throws<InvalidOperationException>(() => precision.Use(ScalarType.BFloat16));
    }
}
