using DeltaModel.Core.Configuration;
using DeltaModel.Models.Neural;
using DeltaModel.Tests.Shared;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Neural;

public class NetworkPrecisionSwitchTests
{
    const int T = 40, B = 3, Inputs = 6, Outputs = 9;

    static (ISequenceNetwork Network, NetworkPrecisionSwitch Switch) Create(string name) => Create(new NeuralNetworkConfig
    {
        Name = name, HiddenSize = 16, Dropout = 0.3,
        Options = name == "lstm_mlp" ? new LstmMlpOptions { MlpHiddenSize = 8, MlpLayers = 2 } : null,
    });

    static (ISequenceNetwork Network, NetworkPrecisionSwitch Switch) Create(NeuralNetworkConfig config)
    {
        manual_seed(5);
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

    /// <summary>A network with DropConnect (masks from a seeded generator) and no activation dropout, so that a float32
    /// and a bfloat16 step see the same masks.</summary>
    static (ISequenceNetwork Network, NetworkPrecisionSwitch Switch) CreateForTraining(string name)
    {
        var created = Create(new NeuralNetworkConfig
        {
            Name = name, HiddenSize = 32, Dropout = name == "mlp" ? 0 : 0.3,            // mlp: activation dropout, from the global stream
            Options = name == "lstm_mlp" ? new LstmMlpOptions { MlpHiddenSize = 8, MlpLayers = 2, MlpDropout = 0 } : null,
        });
        created.Network.Module.train();
        return created;
    }

    /// <summary>One training step's gradients on the float32 weights, by name (a fixed random linear loss of the outputs).</summary>
    static Dictionary<string, Tensor> StepGradients(ISequenceNetwork network, NetworkPrecisionSwitch precision, Tensor x, long noGradSteps)
    {
        network.Module.zero_grad();
        using var weights = randn(new long[] { T, B, Outputs }, generator: new Generator(3));
        using (precision.BeginTrainingStep(new Generator(11)))
        {
            using var y = precision.Forward(x, noGradSteps);
            Assert.Equal(ScalarType.Float32, y.dtype);
            using var loss = (y * weights).sum();
            loss.backward();
        }
        return network.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
    }

    [Theory]
    [InlineData("lstm", 0)]
    [InlineData("lstm", 10)]
    [InlineData("lstm_mlp", 10)]
    [InlineData("mlp", 0)]
    public void Bfloat16_training_puts_float32_gradients_within_bfloat16_rounding_on_the_float32_weights(string name, long noGradSteps)
    {
        var (network, precision) = CreateForTraining(name);
        using var x = Input();
        var before = network.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var reference = StepGradients(network, precision, x, noGradSteps);
        Dictionary<string, Tensor> mixed;
        using (precision.UseForTraining(ScalarType.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, precision.Training);
            mixed = StepGradients(network, precision, x, noGradSteps);
        }
        Assert.Equal(ScalarType.Float32, precision.Training);

        // bfloat16 keeps 8 significant bits (eps 2^-8); each gradient entry is a float32-accumulated sum over the
        // T·B (day, basin) pairs, whose independent rounding errors grow like the square root of their number.
        double tolerance = Math.Pow(2, -8) * Math.Sqrt(T * B);
        foreach (var (key, g32) in reference)
        {
            var g16 = mixed[key];
            Assert.Equal(ScalarType.Float32, g16.dtype);
            double norm = g32.norm().item<float>();
            if (norm == 0) continue;                                   // e.g. output channels the plan never reads
            double error = (g16 - g32).norm().item<float>() / norm;
            Assert.True(error <= tolerance, $"{name} {key}: bfloat16 gradient off by {error:G3} (relative), allowed {tolerance:G3}");
            Assert.True(error > 0, $"{name} {key}: the bfloat16 step gave exactly the float32 gradient: it did not run in bfloat16");
        }
        foreach (var (key, weight) in network.Module.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, weight.dtype);
            Assert.True(weight.allclose(before[key], rtol: 0, atol: 0), $"{key}: the step must restore the raw float32 weights (DropConnect)");
        }
    }

    [Fact]
    public void An_optimizer_step_after_a_bfloat16_step_moves_the_float32_weights_and_keeps_float32_state()
    {
        var (network, precision) = CreateForTraining("lstm");
        using var x = Input();
        var parameters = network.Module.parameters().ToList();
        using var optimizer = TorchSharp.torch.optim.Adam(parameters, lr: 1e-2);
        var before = parameters.Select(p => p.detach().clone()).ToList();
        using (precision.UseForTraining(ScalarType.BFloat16))
        {
            StepGradients(network, precision, x, 0);
            optimizer.step();
        }
        Assert.All(parameters.Zip(before), pair =>
        {
            Assert.Equal(ScalarType.Float32, pair.First.dtype);
            Assert.False(pair.First.allclose(pair.Second, rtol: 0, atol: 0), "every weight moves by the step");
        });
        var state = optimizer.state_dict().State;
        Assert.NotEmpty(state);
        var tensors = state.SelectMany(s => s.GetType().GetFields().Where(f => f.FieldType == typeof(Tensor)).Select(f => (Tensor?)f.GetValue(s)))
                           .OfType<Tensor>().Where(t => t.is_floating_point()).ToList();
        Assert.NotEmpty(tensors);
        Assert.All(tensors, t => Assert.Equal(ScalarType.Float32, t.dtype));
    }

    [Fact]
    public void Training_precision_refuses_float16_and_nesting_and_leaves_evaluation_alone()
    {
        var (network, precision) = CreateForTraining("lstm");
        Assert.Throws<NotSupportedException>(() => precision.UseForTraining(ScalarType.Float16));
        using var scope = precision.UseForTraining(ScalarType.BFloat16);
        Assert.Throws<InvalidOperationException>(() => precision.UseForTraining(ScalarType.BFloat16));
        using var x = Input();
        network.Module.eval();
        using var noGrad = no_grad();
        using var evaluated = precision.Forward(x, 0);
        using var reference = network.Forward(x, 0);
        Assert.True(evaluated.allclose(reference, rtol: 0, atol: 0), "an evaluation pass keeps float32 while only training is switched");
    }
}
