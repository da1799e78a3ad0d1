using DeltaModel.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Neural;

/// <summary>
/// Lets a model run its network in a narrower float type (bfloat16) for forward passes without gradient, while the
/// trained float32 weights stay what training, checkpoints and the optimizer see.
/// <para>How: <see cref="Use"/> builds a twin of the network from the same factory, converts it to the narrow type and
/// copies the current weights (and buffers) into it, once per evaluation pass. Why a twin rather than converting the
/// network in place: converting back would round the weights, and TorchSharp's <c>Module.to(dtype)</c> replaces the
/// parameter objects the optimizer holds. Why at all: libtorch runs bfloat16 LSTMs and matrix products through oneDNN's
/// bfloat16 kernels, ≈ 1.7× the float32 throughput on CPUs with AVX512-BF16/AMX (bench <c>gemm</c>, <c>simulate</c>).</para>
/// </summary>
public sealed class NetworkPrecisionSwitch
{
    readonly ISequenceNetwork network;
    readonly Func<ISequenceNetwork> createTwin;
    Twin? active;

    /// <param name="network">The trained network (float32).</param>
    /// <param name="createTwin">Builds a fresh network of the same architecture (weights are copied over).</param>
    public NetworkPrecisionSwitch(ISequenceNetwork network, Func<ISequenceNetwork> createTwin)
    {
        this.network = network ?? throw new ArgumentNullException(nameof(network));
        this.createTwin = createTwin ?? throw new ArgumentNullException(nameof(createTwin));
    }

    /// <summary>The type forward passes without gradient run in now.</summary>
    public ScalarType Current => active?.DType ?? ScalarType.Float32;

    /// <summary>Switches evaluation to <paramref name="dtype"/> until the result is disposed (float32: no-op).</summary>
    /// <exception cref="NotSupportedException">Not a floating type narrower than float32.</exception>
    public IDisposable Use(ScalarType dtype)
    {
        if (dtype == ScalarType.Float32) return NoScope.Instance;
        if (dtype is not (ScalarType.BFloat16 or ScalarType.Float16))
            throw new NotSupportedException($"the network runs in float32, or in bfloat16/float16 for evaluation; not {dtype}.");
        if (active is not null) throw new InvalidOperationException($"the network already runs in {active.DType}; dispose that scope first.");
        // The twin's random initialization is overwritten at once; it must not move the global random stream.
        using var rng = get_rng_state();
        var twin = createTwin();
        set_rng_state(rng);
        active = new Twin(twin, network, dtype);
        return new Scope(this);
    }

    /// <summary>
    /// The network's forward: in the switched type when one is active and the pass is an evaluation (eval mode, no
    /// gradient), returning float32 like the network; otherwise the network itself.
    /// </summary>
    public Tensor Forward(Tensor x, long noGradSteps) => Forward(x, noGradSteps, OutputPlan.Everything);

    /// <summary>As <see cref="Forward(Tensor, long)"/>, computing what <paramref name="plan"/> reads (<see cref="ISequenceNetwork.Forward(Tensor, long, OutputPlan)"/>).</summary>
    public Tensor Forward(Tensor x, long noGradSteps, OutputPlan plan) =>
        active is { } twin && !network.Module.training && !is_grad_enabled() ? twin.Forward(x, plan) : network.Forward(x, noGradSteps, plan);

    sealed class Twin : IDisposable
    {
        readonly ISequenceNetwork network;

        public Twin(ISequenceNetwork network, ISequenceNetwork source, ScalarType dtype)
        {
            this.network = network;
            DType = dtype;
            var weights = source.Module.parameters().FirstOrDefault();
            network.Module.to(dtype);
            if (weights is not null) network.Module.to(weights.device);
            network.Module.eval();
            using var noGrad = no_grad();
            Copy(source.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), network.Module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
            Copy(source.Module.named_buffers(), network.Module.named_buffers().ToDictionary(b => b.name, b => b.buffer));
        }

        public ScalarType DType { get; }

        static void Copy(IEnumerable<(string name, Tensor value)> from, Dictionary<string, Tensor> to)
        {
            foreach (var (name, value) in from)
            {
                if (!to.TryGetValue(name, out var target))
                    throw new InvalidOperationException($"the twin network lacks '{name}': the factory built another architecture.");
                target.copy_(value);                               // rounds to the twin's type (buffers keep theirs if integral)
            }
        }

        public Tensor Forward(Tensor x, OutputPlan plan)
        {
            using var scope = NewDisposeScope();
            using var narrow = x.to(DType);
            return network.Forward(narrow, 0, plan).to(x.dtype).MoveToOuterDisposeScope();
        }

        public void Dispose() => network.Module.Dispose();
    }

    sealed class Scope(NetworkPrecisionSwitch owner) : IDisposable
    {
        bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            owner.active?.Dispose();
            owner.active = null;
        }
    }
}
