using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Training;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// A differentiable model: a network reads normalized forcings and attributes and writes the parameters of a
/// physics model, which turns raw forcings into every output series (spec §1.3):
/// <c>raw = NN(x) → θ = lo + σ(raw)·(hi − lo) → physics(forcings, θ) → outputs</c>, warm-up handled by
/// <see cref="WarmUpRunner"/>. Nothing here knows what the physics simulates: any <see cref="IPhysicsModel"/> plugs in.
/// Besides the physics' series, the scored parameter values are returned as per-basin scalars
/// (<c>param_&lt;name&gt;</c>, component mean on the last day) so users see what the network learned.
/// </summary>
public sealed class HybridModel : NetworkModel
{
    readonly IPhysicsModel physics;
    readonly ParameterMapper mapper;
    readonly WarmUpRunner runner;
    readonly bool truncateWarmUp;
    readonly string description;
    readonly ResidualCorrection? postprocessor;
    readonly ProcessReplacement? processes;
    readonly bool chain;
    Generator? stepGenerator;

    /// <param name="dynamicDropout">δMG's <c>dy_drop</c> (training only).</param>
    /// <param name="postprocessor">A network correcting the simulated target (residual coupling, docs/coupling.md); null = none.</param>
    /// <param name="targetOutput">The physics output compared with the primary observed target.</param>
    /// <param name="processes">Networks replacing processes of the physics' daily step (docs/coupling.md); null = none.</param>
    /// <param name="networks">Several named networks sharing the parameters, in place of <paramref name="nn"/>'s one
    /// (whose inputs they read; docs/coupling.md); null = one network writes every parameter.</param>
    public HybridModel(NeuralNetworkConfig nn, IPhysicsModel physics, InputSpec inputs, int warmUp, double dynamicDropout = 0,
        PostprocessorConfig? postprocessor = null, string targetOutput = ExperimentConfig.DefaultTargetOutput,
        IReadOnlyList<ProcessNetworkConfig>? processes = null, IReadOnlyList<ParameterNetworkConfig>? networks = null)
        : this(nn, processes is null ? physics : new ProcessReplacement(physics, processes), inputs, warmUp, new ParameterMapper(physics, dynamicDropout),
            postprocessor, targetOutput, networks) { }

    // The network's output layout follows from the mapper, so the mapper is made before the base makes the network.
    HybridModel(NeuralNetworkConfig nn, IPhysicsModel physics, InputSpec inputs, int warmUp, ParameterMapper mapper, PostprocessorConfig? postprocessor,
        string targetOutput, IReadOnlyList<ParameterNetworkConfig>? networks)
        : base(nameof(HybridModel), inputs, warmUp, () => networks is null
            ? NetworkRegistry.Create(nn, new NetworkLayout(NetworkInput.Width(inputs), mapper.Width, inputs.NetworkAttributes.Count, mapper.DynamicChannels))
            : new NetworkGroup(networks, inputs, physics), targetOutput)
    {
        this.physics = physics;
        this.mapper = mapper;
        chain = physics is PhysicsChain || physics is ProcessReplacement { Inner: PhysicsChain };
        if (physics is ProcessReplacement replaced)
        {
            processes = replaced;
            // Registered only when configured, so the checkpoints of models without them keep their layout.
            foreach (var network in replaced.Networks) register_module($"process_{network.Spec.Name}", network);
        }
        if (postprocessor is not null)
        {
            // Registered only when configured, so the checkpoints of models without one keep their layout.
            this.postprocessor = new ResidualCorrection(postprocessor, physics, NetworkInput.Width(inputs), TargetOutput);
            register_module("postprocessor", this.postprocessor);
        }
        runner = new WarmUpRunner(physics, mapper, warmUp);
        // Truncating the network's gradient at the warm-up boundary is only exact where the physics spins up
        // without gradient; with a cropped warm-up (HBV 1.1p) the warm-up parameters carry gradient.
        truncateWarmUp = nn.TruncateWarmUpGradient && physics.WarmUpWithoutGradient;
        description = Network is NetworkGroup group
            ? $"networks: {string.Join("; ", group.Describe())}"
            : $"network {nn.Name}: inputs {Network.InputSize}, hidden {nn.HiddenSize}, outputs {mapper.Width}, dropout {nn.Dropout}" +
                      (Network is LstmMlpNetwork two && NetworkRegistry.WithOwnKeys(nn).Options is LstmMlpOptions mlp
                          ? $"; MLP on {inputs.NetworkAttributes.Count} attributes → {mapper.Width - two.DynamicOutputs} static outputs " +
                            $"({mlp.MlpLayers} × {mlp.MlpHiddenSize}, dropout {mlp.MlpDropout})"
                          : "");
    }

    public IPhysicsModel Physics => physics;

    /// <summary>The residual post-processor; null in plain parameter learning.</summary>
    public ResidualCorrection? Postprocessor => postprocessor;

    /// <summary>The networks replacing processes of the physics' step; null when none does.</summary>
    public ProcessReplacement? Processes => processes;

    /// <summary>The coupling mode, in words (docs/coupling.md, <see cref="CouplingMode"/>).</summary>
    public string Coupling => CouplingMode.Of(Network is NetworkGroup, processes is not null, postprocessor is not null, chain);

    /// <summary>Raw network output → physics parameters (for <see cref="ModelStepper"/>, which runs a day at a time).</summary>
    internal ParameterMapper Mapper => mapper;

    /// <summary>The warm-up of <see cref="Forward"/> (spin-up or crop).</summary>
    internal WarmUpRunner Runner => runner;

    public override ModelOutput Forward(ModelBatch batch)
    {
        using var x = NetworkInput.Of(batch);
        WarmUpResult run;
        // The raw output [T, b, P·C + R] is read only by the mapping (whose backward keeps its shape, not its values):
        // freed here rather than at the end of the caller's step, it is not resident during the backward pass. The
        // network computes only the entries the runner reads (its output plan); the rest are zero.
        using (var raw = Precision.Forward(x, truncateWarmUp ? WarmUp : 0, runner.OutputPlan(x.shape[0])))
            run = runner.Run(batch.PhysicsForcings, raw, training: training, generator: stepGenerator, attributes: PhysicsAttributes(batch));
        return Output(run, x, WarmUp);
    }

    /// <summary>The physics' series (corrected by the post-processor, if any) and scalars with the parameters learned.</summary>
    ModelOutput Output(WarmUpResult run, Tensor x, int warmUp)
    {
        var scalars = new Dictionary<string, Tensor>(run.Result.Scalars);
        foreach (var (name, value) in run.Parameters.Distinct)
            scalars[OutputUnits.ParameterPrefix + name] = (value.dim() == 3 ? value[-1] : value).mean([-1]).detach();   // [b]
        var series = postprocessor is null ? run.Result.Series : postprocessor.Correct(run.Result.Series, x[warmUp..]);
        return new ModelOutput(series, scalars);
    }

    /// <summary>
    /// Why this model's state cannot be carried from one run to the next (an end state written, a run started from
    /// one), or null when it can: the network must carry a recurrent state and no post-processor may run (its own
    /// state is not part of a <see cref="States.ModelState"/>).
    /// </summary>
    public string? WhyNoState => postprocessor is not null
        ? "the model has a residual post-processor ('model.postprocessor') whose own state is not carried"
        : Network is IRecurrentNetwork ? null : $"network {Network.GetType().Name} carries no state from day to day";

    /// <summary>
    /// Why a run of this model cannot continue from a state so that the pieces equal the run in one (null when it can):
    /// <see cref="WhyNoState"/>, or a plain LSTM's static and routing parameters, which are its output on the last day
    /// of a sequence (spec §10.15) and so differ between a run split in two and the run in one piece.
    /// </summary>
    public string? WhyNoContinuation => WhyNoState ??
        (((IRecurrentNetwork)Network).HasStaticHead || Mapper.DynamicChannels.All(dynamic => dynamic)
            ? null
            : "its static and routing parameters are the LSTM's output on the last day of a sequence (spec §10.15), so a run " +
              "continued from a state would use other parameters than the run in one piece. Use network 'lstm_mlp' (static " +
              "parameters from the attributes) or make every parameter dynamic");

    /// <summary>
    /// <see cref="Forward"/> in eval mode (no gradient, float32 network) that also returns the state after the batch's
    /// last day; from <paramref name="start"/> when given, with no warm-up (every day of the batch is output).
    /// </summary>
    /// <param name="start">The state before the batch's first day (physics stores, routing history, LSTM state), or
    /// null for the model's warm-up as in <see cref="Forward"/>.</param>
    /// <exception cref="NotSupportedException"><see cref="WhyNoState"/>, or with a start <see cref="WhyNoContinuation"/>.</exception>
    public (ModelOutput Output, PhysicsState Physics, RecurrentState? Network) ForwardCarryingState(ModelBatch batch,
        (PhysicsState Physics, RecurrentState? Network)? start = null)
    {
        if ((start is null ? WhyNoState : WhyNoContinuation) is { } why)
            throw new NotSupportedException($"the model's state cannot be {(start is null ? "kept" : "continued from")}: {why}.");
        using var x = NetworkInput.Of(batch);
        var recurrent = (IRecurrentNetwork)Network;
        var (raw, next) = recurrent.Continue(x, start?.Network);                // [T, b, ny]: every day, the state after the last
        int warmUp = start is null ? WarmUp : 0;
        WarmUpResult run;
        using (raw)
            run = (start is null ? runner : new WarmUpRunner(physics, mapper, 0))
                .Run(batch.PhysicsForcings, raw, start?.Physics, attributes: PhysicsAttributes(batch));
        return (Output(run, x, warmUp), run.Result.FinalState.Detach(), next);
    }

    /// <summary>
    /// The raw static attributes the physics reads, by name (columns of <see cref="ModelBatch.PhysicsAttributes"/> in
    /// <see cref="InputSpec.PhysicsAttributes"/> order), each <c>[b]</c>; null when it reads none.
    /// </summary>
    internal IReadOnlyDictionary<string, Tensor>? PhysicsAttributes(ModelBatch batch)
    {
        var names = Inputs.PhysicsAttributes;
        if (names.Count == 0) return null;
        var values = batch.PhysicsAttributes;                                                 // [b, na]
        if (values.dim() != 2 || values.shape[1] != names.Count)
            throw new ArgumentException($"the batch carries {(values.dim() == 2 ? values.shape[1] : 0)} physics attribute column(s), " +
                                        $"the model expects {names.Count} ({string.Join(", ", names)}).");
        return names.Select((n, i) => (n, values[.., i])).ToDictionary(x => x.n, x => x.Item2);
    }

    public override IDisposable BeginTrainingStep(Generator generator)
    {
        stepGenerator = generator;
        var network = base.BeginTrainingStep(generator);
        if (postprocessor is null) return network;
        var correction = postprocessor.BeginTrainingStep(generator);
        return new BothSteps(network, correction);
    }

    sealed class BothSteps(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            second.Dispose();
            first.Dispose();
        }
    }

    public override IReadOnlyList<string> Describe() =>
    [
        description,
        $"physics {physics.Name}: nmul {physics.Options.Components}, dynamic [{string.Join(", ", physics.Options.DynamicParameters.Order(StringComparer.Ordinal))}], " +
        $"routing {(physics.Declarations.RoutingParameters.Count > 0 ? "on" : "off")}, warm-up {WarmUp} days " +
        $"({(physics.WarmUpWithoutGradient ? "spin-up without gradient" : "with gradient, cropped")})",
        $"forcings [{string.Join(", ", Inputs.NetworkForcings)}] → physics [{string.Join(", ", Inputs.PhysicsForcings)}], attributes {Inputs.NetworkAttributes.Count}",
        // Plain parameter learning adds no line: the description is the checkpoints' signature, which must not change.
        .. postprocessor is null ? Array.Empty<string>() : [postprocessor.Describe()],
        .. processes is null ? Array.Empty<string>() : [$"coupling: {Coupling}; {string.Join("; ", processes.Networks.Select(n => n.Describe()))}"],
    ];
}
