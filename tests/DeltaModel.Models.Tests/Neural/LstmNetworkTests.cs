using DeltaModel.Models.Neural;
using Xunit;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Neural;

public class LstmNetworkTests
{
    /// <summary>
    /// The network's equations (spec §3.1) evaluated by hand in float64 from its weights:
    /// <c>Linear → ReLU → LSTM (gates i, f, g, o) → Linear</c>.
    /// </summary>
    static Tensor Reference(LstmNetwork network, Tensor x)
    {
        var w = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float64));
        var xd = x.to(ScalarType.Float64);
        long T = x.shape[0], B = x.shape[1], H = network.HiddenSize;
        var hidden = nn.functional.relu(xd.matmul(w["linearIn.weight"].t()) + w["linearIn.bias"]);
        var h = zeros(B, H, dtype: ScalarType.Float64);
        var c = zeros(B, H, dtype: ScalarType.Float64);
        var outputs = new List<Tensor>();
        for (int t = 0; t < T; t++)
        {
            var gates = hidden[t].matmul(w["lstm.weight_ih_l0"].t()) + w["lstm.bias_ih_l0"] + h.matmul(w["lstm.weight_hh_l0"].t()) + w["lstm.bias_hh_l0"];
            var g = gates.chunk(4, 1);
            c = g[1].sigmoid() * c + g[0].sigmoid() * g[2].tanh();
            h = g[3].sigmoid() * c.tanh();
            outputs.Add(h.matmul(w["linearOut.weight"].t()) + w["linearOut.bias"]);
        }
        return stack(outputs, 0);
    }

    // 8, 16 and 48 are sizes at which libtorch's oneDNN inference-mode LSTM went wrong on this project's AVX-512 CPU.
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(48)]
    [InlineData(64)]
    public void Evaluation_and_training_passes_follow_the_lstm_equations(int hiddenSize)
    {
        manual_seed(3);
        using var network = new LstmNetwork(5, hiddenSize, 7, dropConnect: 0.5);
        using var x = randn(25, 3, 5);
        using var reference = Reference(network, x);

        network.eval();
        using (no_grad())
        using (var evaluated = network.forward(x))
            Assert.True(evaluated.to(ScalarType.Float64).allclose(reference, rtol: 1e-4, atol: 1e-5),
                $"hidden {hiddenSize}, eval without gradient: off by {(evaluated.to(ScalarType.Float64) - reference).abs().max().item<double>()}");

        network.train();                                        // DropConnect masks apply only inside BeginDropConnect
        using var trained = network.forward(x);
        Assert.True(trained.detach().to(ScalarType.Float64).allclose(reference, rtol: 1e-4, atol: 1e-5),
            $"hidden {hiddenSize}, training pass: off by {(trained.detach().to(ScalarType.Float64) - reference).abs().max().item<double>()}");
        Assert.False(network.named_modules().Any(m => m.module.training != true), "the training flag of every submodule is restored");
        network.eval();
        using (no_grad()) network.forward(x).Dispose();
        Assert.False(network.named_modules().Any(m => m.module.training), "an evaluation pass leaves every submodule in eval mode");
    }

    [Fact]
    public void The_warm_up_run_without_gradient_hands_the_exact_state_to_the_scored_days()
    {
        // Truncated backpropagation runs the warm-up days without gradient (the fast kernel where the probe trusts
        // it) and the rest with gradient from their final state: together they must be the whole sequence's LSTM.
        manual_seed(4);
        using var network = new LstmNetwork(5, 16, 7, dropConnect: 0);
        using var x = randn(30, 3, 5);
        using var reference = Reference(network, x);
        network.train();
        using var split = network.Forward(x, noGradSteps: 12);
        Assert.True(split.detach().to(ScalarType.Float64).allclose(reference, rtol: 1e-4, atol: 1e-5),
            $"off by {(split.detach().to(ScalarType.Float64) - reference).abs().max().item<double>()}");
        Assert.True(split.requires_grad, "the days after the warm-up carry gradient");
    }

    /// <summary>
    /// Recomputing the activations in segments (model.nn.recompute_segments) gives libtorch's own values and gradient,
    /// up to rounding of the dtype: oneDNN may block a segment's input projection differently from the whole
    /// sequence's (on some CPUs the forward is bit-identical, on others not), and the weight gradient is summed over
    /// segments in another order. Uneven segments, a warm-up without gradient and a DropConnect mask are all on the path.
    /// </summary>
    [Theory]
    [InlineData(ScalarType.Float32, 3)]
    [InlineData(ScalarType.Float32, 7)]
    [InlineData(ScalarType.BFloat16, 4)]
    public void Recomputed_segments_give_the_gradient_of_the_kept_activations(ScalarType dtype, int segments)
    {
        const int days = 40, warmUp = 9;
        (Tensor output, Dictionary<string, Tensor> grads, Tensor inputGrad) Step(int recompute)
        {
            manual_seed(5);
            using var network = new LstmNetwork(6, 32, 5, dropConnect: 0.5, dtype: dtype, recomputeSegments: recompute);
            network.train();
            var x = randn(new long[] { days, 4, 6 }, generator: new Generator(8)).to(dtype).requires_grad_();
            Tensor y;
            using (network.BeginDropConnect(new Generator(11)))
            {
                y = network.Forward(x, warmUp);
                (y.to(ScalarType.Float64)[warmUp..].sin().sum() + y.to(ScalarType.Float64)[^1].pow(2).sum()).backward();
            }
            return (y.detach().to(ScalarType.Float64),
                network.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(ScalarType.Float64)),
                x.grad!.to(ScalarType.Float64));
        }

        var kept = Step(1);
        var recomputed = Step(segments);
        // float32: the reorder of a sum of ~10² terms; bfloat16: its 8-bit mantissa on the same sums.
        double tolerance = dtype == ScalarType.BFloat16 ? 2e-2 : 1e-5;
        double outputScale = kept.output.abs().max().item<double>();
        double outputOff = (kept.output - recomputed.output).abs().max().item<double>();
        Assert.True(outputOff <= tolerance * outputScale, $"the recomputed pass's output is off by {outputOff} of {outputScale}");
        foreach (var (name, g) in kept.grads)
        {
            double scale = g.abs().max().item<double>();
            Assert.True(scale > 0, $"{name} has a gradient");
            double off = (g - recomputed.grads[name]).abs().max().item<double>();
            Assert.True(off <= tolerance * scale, $"{name}: off by {off} of {scale} ({dtype}, {segments} segments)");
        }
        double inputScale = kept.inputGrad.abs().max().item<double>();
        double inputOff = (kept.inputGrad - recomputed.inputGrad).abs().max().item<double>();
        Assert.True(inputScale > 0 && inputOff <= tolerance * inputScale, $"input gradient off by {inputOff} of {inputScale}");
        Assert.True(kept.inputGrad[..warmUp].abs().max().item<double>() == 0, "the warm-up days stay without gradient");
    }
}
