using DeltaModel.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DeltaModel.Models.Neural;

/// <summary>
/// δMG's LSTM (spec §3.1): <c>Linear(nx, H) → ReLU → LSTM(H, H) → Linear(H, ny)</c>, no output activation, with
/// DropConnect on the LSTM's input and recurrent weight matrices during training.
/// DropConnect is applied by masking the weights of the fused libtorch LSTM in place for one training step
/// (<see cref="BeginDropConnect"/>), so the fast single-kernel LSTM keeps running; the step's gradient is then
/// multiplied by the same mask (the chain rule of <c>W·M</c>) and the raw weights are restored before the optimizer
/// sees them.
/// </summary>
public sealed class LstmNetwork : Module<Tensor, Tensor>, ISequenceNetwork
{
    readonly Linear linearIn;
    readonly LSTM lstm;
    readonly Linear linearOut;

    /// <param name="inputSize">Inputs per step (dynamic forcings + static attributes).</param>
    /// <param name="hiddenSize">Hidden width H.</param>
    /// <param name="outputSize">Outputs per step.</param>
    /// <param name="dropConnect">Probability that a weight of <c>w_ih</c>/<c>w_hh</c> is dropped in a training step. Range: [0, 1).</param>
    public LstmNetwork(long inputSize, long hiddenSize, long outputSize, double dropConnect, Device? device = null, ScalarType? dtype = null)
        : base(nameof(LstmNetwork))
    {
        if (dropConnect is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropConnect), "DropConnect rate must be in [0, 1).");
        linearIn = nn.Linear(inputSize, hiddenSize, device: device, dtype: dtype);
        lstm = nn.LSTM(hiddenSize, hiddenSize, device: device, dtype: dtype);
        linearOut = nn.Linear(hiddenSize, outputSize, device: device, dtype: dtype);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        OutputSize = outputSize;
        DropConnect = dropConnect;
        RegisterComponents();
    }

    public long InputSize { get; }
    public long HiddenSize { get; }
    public long OutputSize { get; }
    public double DropConnect { get; }

    nn.Module ISequenceNetwork.Module => this;

    IDisposable ISequenceNetwork.BeginTrainingStep(Generator generator) => BeginDropConnect(generator);

    /// <summary>Runs all steps with gradient. <paramref name="x"/>: <c>[T, B, nx]</c> → <c>[T, B, ny]</c>.</summary>
    public override Tensor forward(Tensor x) => Forward(x, 0);

    /// <summary>
    /// Runs the first <paramref name="noGradSteps"/> steps without gradient and continues from their hidden state with
    /// gradient (truncated backpropagation at the warm-up boundary). <paramref name="x"/>: <c>[T, B, nx]</c>.
    /// </summary>
    public Tensor Forward(Tensor x, long noGradSteps)
    {
        using var scope = NewDisposeScope();
        if (noGradSteps <= 0 || !is_grad_enabled())
            return Run(x, null).output.MoveToOuterDisposeScope();

        (Tensor output, Tensor h, Tensor c) head;
        using (no_grad()) head = Run(x[..(int)noGradSteps], null);
        var tail = Run(x[(int)noGradSteps..], (head.h, head.c));
        return cat([head.output, tail.output], 0).MoveToOuterDisposeScope();    // [T, B, ny]
    }

    (Tensor output, Tensor h, Tensor c) Run(Tensor x, (Tensor, Tensor)? state)
    {
        var hidden = functional.relu(linearIn.call(x));                       // [t, B, H]
        var (y, h, c) = is_grad_enabled() || NoGradLstmIsExact(hidden) ? lstm.call(hidden, state) : CallWithGradientPath(hidden, state);
        return (linearOut.call(y), h, c);                                     // [t, B, ny]
    }

    /// <summary>
    /// Whether libtorch's no-gradient LSTM kernel computes the LSTM equations for this network's shape, type and device.
    /// Why the question: libtorch 2.10's oneDNN LSTM, run without gradient, returns wrong values on AVX-512 CPUs for some
    /// sizes (measured here: hidden 4, 8, 15, 16, 48 and 200 off by 0.3–0.5; 24, 32, 64, 128 and 256 right), while the
    /// path with gradient is right at every size (docs/platform.md). The answer is probed once per shape, type and device
    /// on a two-day input with the current weights, comparing both paths.
    /// </summary>
    bool NoGradLstmIsExact(Tensor hidden)
    {
        var key = (HiddenSize, hidden.device_type, hidden.dtype);
        if (NoGradExact.TryGetValue(key, out bool exact)) return exact;
        using var scope = NewDisposeScope();
        using var generator = new Generator(17, hidden.device);
        var probe = randn(new long[] { 2, 1, HiddenSize }, generator: generator, dtype: hidden.dtype, device: hidden.device);
        var fast = lstm.call(probe, null).Item1.to(ScalarType.Float64);
        var reference = CallWithGradientPath(probe, null).output.to(ScalarType.Float64);
        double tolerance = hidden.dtype is ScalarType.BFloat16 or ScalarType.Float16 ? 3e-2 : 1e-4;
        exact = (fast - reference).abs().max().item<double>() <= tolerance;
        return NoGradExact[key] = exact;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(long Hidden, DeviceType Device, ScalarType DType), bool> NoGradExact = new();

    /// <summary>The LSTM through its gradient path (the weights require gradient), returning detached results.</summary>
    (Tensor output, Tensor h, Tensor c) CallWithGradientPath(Tensor hidden, (Tensor, Tensor)? state)
    {
        using var grad = enable_grad();
        using var scope = NewDisposeScope();
        var (y, h, c) = lstm.call(hidden, state);
        return (y.detach().MoveToOuterDisposeScope(), h.detach().MoveToOuterDisposeScope(), c.detach().MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Masks <c>w_ih</c> and <c>w_hh</c> for one training step. Dispose the result after <c>backward()</c> and before the
    /// optimizer step: it scales the gradients by the mask and restores the raw weights. No-op in eval mode or at rate 0.
    /// </summary>
    /// <param name="generator">Random stream for the masks (for reproducible runs).</param>
    public IDisposable BeginDropConnect(Generator? generator = null)
    {
        if (!training || DropConnect == 0) return NoScope.Instance;
        var weights = lstm.named_parameters().Where(p => p.name.StartsWith("weight_", StringComparison.Ordinal)).Select(p => p.parameter).ToList();
        var saved = new List<(Parameter weight, Tensor raw, Tensor mask)>(weights.Count);
        using (no_grad())
        {
            foreach (var w in weights)
            {
                var keep = empty_like(w).bernoulli_(1 - DropConnect, generator).div_(1 - DropConnect);   // entries 0 or 1/(1−p)
                saved.Add((w, w.detach().clone(), keep));
                w.mul_(keep);
            }
        }
        return new DropConnectStep(saved);
    }

    sealed class DropConnectStep(List<(Parameter weight, Tensor raw, Tensor mask)> saved) : IDisposable
    {
        bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            using (no_grad())
            {
                foreach (var (w, raw, mask) in saved)
                {
                    w.grad?.mul_(mask);     // d(W·M)/dW = M
                    w.copy_(raw);
                    raw.Dispose();
                    mask.Dispose();
                }
            }
        }
    }
}
