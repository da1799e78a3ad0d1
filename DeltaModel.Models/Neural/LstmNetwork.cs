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
public sealed class LstmNetwork : Module<Tensor, Tensor>, IRecurrentNetwork
{
    readonly Linear linearIn;
    readonly LSTM lstm;
    readonly Linear linearOut;

    /// <param name="inputSize">Inputs per step (dynamic forcings + static attributes).</param>
    /// <param name="hiddenSize">Hidden width H.</param>
    /// <param name="outputSize">Outputs per step.</param>
    /// <param name="dropConnect">Probability that a weight of <c>w_ih</c>/<c>w_hh</c> is dropped in a training step. Range: [0, 1).</param>
    /// <param name="dynamicOutputs">Per output channel, whether it is read per day (<see cref="NetworkLayout.DynamicOutputs"/>);
    /// null = all. Lets <see cref="Forward(Tensor, long, OutputPlan)"/> skip the others.</param>
    /// <param name="recomputeSegments">Segments of a pass with gradient whose activations the backward recomputes
    /// instead of keeping (<see cref="RecomputedLstmFunction"/>); 1 = keep them all, libtorch's own pass. Range: ≥ 1.</param>
    public LstmNetwork(long inputSize, long hiddenSize, long outputSize, double dropConnect, Device? device = null, ScalarType? dtype = null,
        IReadOnlyList<bool>? dynamicOutputs = null, int recomputeSegments = 1)
        : base(nameof(LstmNetwork))
    {
        if (dynamicOutputs is not null && dynamicOutputs.Count != outputSize)
            throw new ArgumentException($"{dynamicOutputs.Count} dynamic-output flags for {outputSize} outputs.", nameof(dynamicOutputs));
        DynamicOutputs = dynamicOutputs;
        if (dropConnect is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropConnect), "DropConnect rate must be in [0, 1).");
        if (recomputeSegments < 1) throw new ArgumentOutOfRangeException(nameof(recomputeSegments), "recompute segments must be ≥ 1.");
        RecomputeSegments = recomputeSegments;
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

    /// <summary>Segments of a pass with gradient recomputed in the backward (1 = none).</summary>
    public int RecomputeSegments { get; }

    /// <summary>Per output channel, whether it is read per day; null = all.</summary>
    public IReadOnlyList<bool>? DynamicOutputs { get; }

    nn.Module ISequenceNetwork.Module => this;

    long IRecurrentNetwork.StateSize => HiddenSize;

    /// <summary>False: every output is written by the LSTM, so channels read once come from whatever day is last.</summary>
    public bool HasStaticHead => false;

    /// <summary>Runs every day of <paramref name="x"/> <c>[t, B, nx]</c> from <paramref name="state"/> (null = zeros).</summary>
    /// <returns>The output <c>[t, B, ny]</c> and the hidden and cell state after the last day, each <c>[B, H]</c>.</returns>
    public (Tensor Output, RecurrentState? Next) Continue(Tensor x, RecurrentState? state)
    {
        using var scope = NewDisposeScope();
        (Tensor, Tensor)? start = state is null ? null : (state.H.unsqueeze(0), state.C.unsqueeze(0));   // [1, B, H]: one layer
        var (y, h, c) = Hidden(x, start);
        return (linearOut.call(y).MoveToOuterDisposeScope(), new RecurrentState(h[0], c[0]).MoveToOuterDisposeScope());
    }

    IDisposable ISequenceNetwork.BeginTrainingStep(Generator generator) => BeginDropConnect(generator);

    /// <summary>Runs all steps with gradient. <paramref name="x"/>: <c>[T, B, nx]</c> → <c>[T, B, ny]</c>.</summary>
    public override Tensor forward(Tensor x) => Forward(x, 0);

    /// <summary>
    /// Runs the first <paramref name="noGradSteps"/> steps without gradient and continues from their hidden state with
    /// gradient (truncated backpropagation at the warm-up boundary). <paramref name="x"/>: <c>[T, B, nx]</c>.
    /// </summary>
    public Tensor Forward(Tensor x, long noGradSteps) => Forward(x, noGradSteps, OutputPlan.Everything);

    /// <summary>
    /// As <see cref="Forward(Tensor, long)"/>, with the output layer applied only where <paramref name="plan"/> reads:
    /// per-day channels from <see cref="OutputPlan.FirstDynamicDay"/> on, the others on <see cref="OutputPlan.AllChannelDays"/>.
    /// The LSTM itself still runs every day (its state carries over). Entries outside the plan are zero.
    /// </summary>
    public Tensor Forward(Tensor x, long noGradSteps, OutputPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var scope = NewDisposeScope();
        if (plan.ReadsEverything(DynamicOutputs))
            return Sequence(x, noGradSteps, 0, linearOut.call).MoveToOuterDisposeScope();   // [T, B, ny]
        long T = x.shape[0];
        plan.Validate(T);
        long first = plan.FirstDynamicDay;
        var hidden = Sequence(x, noGradSteps, first, y => y);                 // [T − first, B, H]: the days the plan reads

        var flags = DynamicOutputs ?? Enumerable.Repeat(true, (int)OutputSize).ToList();
        var weight = linearOut.weight!;
        var bias = linearOut.bias!;
        var device = hidden.device;
        long B = x.shape[1];
        // The entries the plan reads, written by one index_copy into a flat buffer that needs no gradient itself: its
        // backward gathers just those entries. In-place copies into slices of the [T, B, ny] buffer made autograd clone
        // the whole output gradient once per copy (CopySlices) — fresh full-size buffers every step (bench/README.md).
        var values = new List<Tensor>();
        var positions = new List<Tensor>(2);
        var perDay = ChannelIndex(flags, dynamic: true, device);
        if (perDay.numel() > 0)
        {
            values.Add(functional.linear(hidden, weight.index_select(0, perDay), bias.index_select(0, perDay)).flatten());
            positions.Add(FlatPositions(arange(first, T, dtype: ScalarType.Int64, device: device), B, perDay));
        }
        var onDays = ChannelIndex(flags, dynamic: false, device);
        if (onDays.numel() > 0 && plan.AllChannelDays.Count > 0)
        {
            var days = plan.AllChannelDays.Distinct().ToArray();
            var w = weight.index_select(0, onDays);
            var b = bias.index_select(0, onDays);
            values.AddRange(days.Select(day => functional.linear(hidden[day - first], w, b).flatten()));   // one day at a time, as before
            positions.Add(FlatPositions(tensor(days, dtype: ScalarType.Int64, device: device), B, onDays));
        }
        var flat = zeros(new long[] { T * B * OutputSize }, dtype: hidden.dtype, device: device);
        if (values.Count > 0) flat.index_copy_(0, cat(positions, 0), cat(values, 0));
        var raw = flat.view(T, B, OutputSize);
        return raw.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs every step, the first <paramref name="noGradSteps"/> without gradient (when gradient is on at all), and
    /// returns <paramref name="output"/> of the hidden states from day <paramref name="from"/> on, applied to the
    /// no-gradient days without gradient too.
    /// </summary>
    Tensor Sequence(Tensor x, long noGradSteps, long from, Func<Tensor, Tensor> output)
    {
        if (noGradSteps <= 0 || !is_grad_enabled())
            return output(Hidden(x, null).y[TensorIndex.Slice(from)]);
        (Tensor y, Tensor h, Tensor c) head;
        Tensor? headOutput = null;
        using (no_grad())
        {
            head = Hidden(x[..(int)noGradSteps], null);
            if (from < noGradSteps) headOutput = output(head.y[TensorIndex.Slice(from)]);
        }
        var tail = Hidden(x[(int)noGradSteps..], (head.h, head.c)).y;
        return headOutput is null ? output(tail[TensorIndex.Slice(from - noGradSteps)]) : cat([headOutput, output(tail)], 0);
    }

    /// <summary>Positions in the flat <c>[T, B, ny]</c> buffer of <c>[days, basins, channels]</c>, in that (row-major) order.</summary>
    Tensor FlatPositions(Tensor days, long basins, Tensor channels) =>
        ((days.view(-1, 1, 1) * basins + arange(basins, dtype: ScalarType.Int64, device: days.device).view(1, -1, 1)) * OutputSize
         + channels.view(1, 1, -1)).flatten();

    static Tensor ChannelIndex(IReadOnlyList<bool> flags, bool dynamic, Device device) =>
        tensor(Enumerable.Range(0, flags.Count).Where(k => flags[k] == dynamic).Select(k => (long)k).ToArray(), dtype: ScalarType.Int64, device: device);

    /// <summary>Input layer, ReLU and LSTM: the hidden sequence before the output layer.</summary>
    (Tensor y, Tensor h, Tensor c) Hidden(Tensor x, (Tensor, Tensor)? state)
    {
        var hidden = functional.relu(linearIn.call(x));                       // [t, B, H]
        if (is_grad_enabled())
            return RecomputeSegments > 1 ? RecomputedLstmFunction.Run(lstm, RecomputeSegments, hidden, state) : lstm.call(hidden, state);
        return NoGradLstmIsExact(hidden) ? lstm.call(hidden, state) : CallWithGradientPath(hidden, state);
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
