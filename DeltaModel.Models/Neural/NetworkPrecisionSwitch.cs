using DeltaModel.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Neural;

/// <summary>
/// Lets a model run its network in a narrower float type (bfloat16) — for forward passes without gradient
/// (<see cref="Use"/>), or for training steps (<see cref="UseForTraining"/>, mixed precision) — while the trained float32
/// weights stay what training, checkpoints and the optimizer see.
/// <para>How: a twin of the network is built from the same factory and converted to the narrow type; the current
/// weights (and buffers) are copied into it, once per evaluation pass, or before every training forward (the weights
/// change with every optimizer step, and DropConnect masks them in place). Why a twin rather than converting the
/// network in place: converting back would round the weights, and TorchSharp's <c>Module.to(dtype)</c> replaces the
/// parameter objects the optimizer holds. Why at all: libtorch runs bfloat16 LSTMs and matrix products through oneDNN's
/// bfloat16 kernels (float32 accumulation), ≈ 1.7× the float32 throughput on CPUs with AVX512-BF16/AMX (bench
/// <c>gemm</c>, <c>simulate</c>).</para>
/// <para>Training: the twin's forward is cast back to float32, so the physics and the loss stay float32; the backward
/// pass reaches the twin's bfloat16 weights, and <see cref="BeginTrainingStep"/>'s scope adds those gradients, cast
/// to float32, onto the float32 weights before the network's own step scope (DropConnect) finishes. This is what
/// autocast does (a differentiable cast of each weight), which TorchSharp 0.107 does not expose.</para>
/// </summary>
public sealed class NetworkPrecisionSwitch
{
    readonly ISequenceNetwork network;
    readonly Func<ISequenceNetwork> createTwin;
    Twin? evaluation;
    Twin? training;

    /// <param name="network">The trained network (float32).</param>
    /// <param name="createTwin">Builds a fresh network of the same architecture (weights are copied over).</param>
    public NetworkPrecisionSwitch(ISequenceNetwork network, Func<ISequenceNetwork> createTwin)
    {
        this.network = network ?? throw new ArgumentNullException(nameof(network));
        this.createTwin = createTwin ?? throw new ArgumentNullException(nameof(createTwin));
    }

    /// <summary>The type forward passes without gradient run in now.</summary>
    public ScalarType Current => evaluation?.DType ?? ScalarType.Float32;

    /// <summary>The type training steps run the network in now.</summary>
    public ScalarType Training => training?.DType ?? ScalarType.Float32;

    /// <summary>Switches evaluation to <paramref name="dtype"/> until the result is disposed (float32: no-op).</summary>
    /// <exception cref="NotSupportedException">Not a floating type narrower than float32.</exception>
    public IDisposable Use(ScalarType dtype)
    {
        if (dtype == ScalarType.Float32) return NoScope.Instance;
        if (evaluation is not null) throw new InvalidOperationException($"the network already runs in {evaluation.DType}; dispose that scope first.");
        evaluation = NewTwin(dtype, "bfloat16/float16 for evaluation", train: false);
        return new Scope(() => { evaluation?.Dispose(); evaluation = null; });
    }

    /// <summary>
    /// Switches training steps to <paramref name="dtype"/> with float32 master weights until the result is disposed
    /// (float32: no-op). Each step's gradients reach the float32 weights when <see cref="BeginTrainingStep"/>'s scope ends.
    /// </summary>
    /// <exception cref="NotSupportedException">Not bfloat16 (float16 would need loss scaling).</exception>
    public IDisposable UseForTraining(ScalarType dtype)
    {
        if (dtype == ScalarType.Float32) return NoScope.Instance;
        if (dtype != ScalarType.BFloat16) throw new NotSupportedException($"the network trains in float32 or bfloat16; not {dtype}.");
        if (training is not null) throw new InvalidOperationException($"the network already trains in {training.DType}; dispose that scope first.");
        training = NewTwin(dtype, "bfloat16 for training", train: true);
        return new Scope(() => { training?.Dispose(); training = null; });
    }

    Twin NewTwin(ScalarType dtype, string allowed, bool train)
    {
        if (dtype is not (ScalarType.BFloat16 or ScalarType.Float16))
            throw new NotSupportedException($"the network runs in float32, or in {allowed}; not {dtype}.");
        // The twin's random initialization is overwritten at once; it must not move the global random stream.
        using var rng = get_rng_state();
        var twin = createTwin();
        set_rng_state(rng);
        return new Twin(twin, network, dtype, train);
    }

    /// <summary>
    /// The network's forward: in the training type during a training step (train mode) when one is active; in the
    /// evaluation type when one is active and the pass is an evaluation (eval mode, no gradient); returning float32
    /// like the network. Otherwise the network itself.
    /// </summary>
    public Tensor Forward(Tensor x, long noGradSteps) => Forward(x, noGradSteps, OutputPlan.Everything);

    /// <summary>As <see cref="Forward(Tensor, long)"/>, computing what <paramref name="plan"/> reads (<see cref="ISequenceNetwork.Forward(Tensor, long, OutputPlan)"/>).</summary>
    public Tensor Forward(Tensor x, long noGradSteps, OutputPlan plan)
    {
        if (network.Module.training)
            return training is { } t ? t.Forward(x, noGradSteps, plan, syncFrom: network) : network.Forward(x, noGradSteps, plan);
        return evaluation is { } e && !is_grad_enabled() ? e.Forward(x, 0, plan, syncFrom: null) : network.Forward(x, noGradSteps, plan);
    }

    /// <summary>
    /// The network's <see cref="ISequenceNetwork.BeginTrainingStep"/>; with a training type active, ending the scope
    /// first adds the twin's gradients onto the float32 weights (so that the network's own step, e.g. DropConnect's
    /// mask on the gradient, sees them).
    /// </summary>
    public IDisposable BeginTrainingStep(Generator generator)
    {
        var step = network.BeginTrainingStep(generator);
        if (training is not { } twin || !network.Module.training) return step;
        return new Scope(() =>
        {
            twin.AddGradientsTo(network);
            step.Dispose();
        });
    }

    sealed class Twin : IDisposable
    {
        readonly ISequenceNetwork network;

        public Twin(ISequenceNetwork network, ISequenceNetwork source, ScalarType dtype, bool train)
        {
            this.network = network;
            DType = dtype;
            var weights = source.Module.parameters().FirstOrDefault();
            network.Module.to(dtype);
            if (weights is not null) network.Module.to(weights.device);
            network.Module.train(train);
            CopyFrom(source);
        }

        public ScalarType DType { get; }

        /// <summary>Copies the weights and buffers of <paramref name="source"/> (rounding to this type).</summary>
        void CopyFrom(ISequenceNetwork source)
        {
            using var noGrad = no_grad();
            Copy(source.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), network.Module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
            Copy(source.Module.named_buffers(), network.Module.named_buffers().ToDictionary(b => b.name, b => b.buffer));
        }

        static void Copy(IEnumerable<(string name, Tensor value)> from, Dictionary<string, Tensor> to)
        {
            foreach (var (name, value) in from)
            {
                if (!to.TryGetValue(name, out var target))
                    throw new InvalidOperationException($"the twin network lacks '{name}': the factory built another architecture.");
                target.copy_(value);                               // rounds to the twin's type (buffers keep theirs if integral)
            }
        }

        /// <param name="syncFrom">The network whose current weights to copy in first (training), or null.</param>
        public Tensor Forward(Tensor x, long noGradSteps, OutputPlan plan, ISequenceNetwork? syncFrom)
        {
            if (syncFrom is not null) CopyFrom(syncFrom);
            using var scope = NewDisposeScope();
            using var narrow = x.to(DType);
            return network.Forward(narrow, noGradSteps, plan).to(x.dtype).MoveToOuterDisposeScope();
        }

        /// <summary>Adds this twin's gradients, cast to the target's type, onto <paramref name="target"/>'s and clears its own.</summary>
        public void AddGradientsTo(ISequenceNetwork target)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var own = network.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, weight) in target.Module.named_parameters())
            {
                if (own[name].grad is not { } narrow) continue;
                if (weight.grad is { } sum) sum.add_(narrow);                      // float32 += bfloat16, in float32
                else weight.grad = narrow.to(weight.dtype);
                narrow.zero_();
            }
        }

        public void Dispose() => network.Module.Dispose();
    }
}
