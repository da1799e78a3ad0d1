using DeltaModel.Core.Configuration;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// The residual coupling mode (docs/coupling.md): a network reads, for each scored day, the normalized network inputs
/// and chosen physics series and writes a correction that is added to the simulated target,
/// <c>ŷ = y_physics + NN([x, log(1 + max(s, 0))])</c>. Trained end to end with the parameter network, so the physics
/// keeps explaining what it can and the network learns what it cannot (a missing process, a biased input).
/// </summary>
public sealed class ResidualCorrection : nn.Module
{
    readonly ISequenceNetwork network;

    /// <param name="config">The <c>model.postprocessor</c> section.</param>
    /// <param name="physics">The physics whose series it reads; each of <see cref="PostprocessorConfig.PhysicsOutputs"/> must be one of its outputs.</param>
    /// <param name="networkInputs">Width of the normalized network input (forcings and attributes).</param>
    /// <param name="target">The physics output it corrects.</param>
    /// <exception cref="ArgumentException">A named series or the target is not an output of <paramref name="physics"/>.</exception>
    public ResidualCorrection(PostprocessorConfig config, IPhysicsModel physics, long networkInputs, string target) : base(nameof(ResidualCorrection))
    {
        ArgumentNullException.ThrowIfNull(config);
        var outputs = physics.Declarations.OutputNames;
        foreach (var name in config.PhysicsOutputs.Append(target).Where(n => !outputs.Contains(n)))
            throw new ArgumentException($"'model.postprocessor': {physics.Name} has no output '{name}'{Core.Configuration.Names.DidYouMean(name, outputs)}; its outputs: {string.Join(", ", outputs)}.");
        Config = config;
        Target = target;
        network = NetworkRegistry.Create(config.Network, networkInputs + config.PhysicsOutputs.Count, 1);
        register_module("network", network.Module);
    }

    public PostprocessorConfig Config { get; }

    /// <summary>The series it corrects.</summary>
    public string Target { get; }

    /// <summary>The name under which the uncorrected series is kept beside the corrected one (<c>streamflow_physics</c>).</summary>
    public string PhysicsName => Target + "_physics";

    /// <summary>The name of the correction series (<c>streamflow_correction</c>).</summary>
    public string CorrectionName => Target + "_correction";

    /// <summary>Corrects the scored days of <paramref name="series"/>.</summary>
    /// <param name="series">The physics' series over the scored days, each <c>[ρ, b]</c>.</param>
    /// <param name="x">Normalized network input over the scored days <c>[ρ, b, nx]</c>.</param>
    /// <returns>The series with the target corrected and <see cref="PhysicsName"/> and <see cref="CorrectionName"/> added.</returns>
    public Dictionary<string, Tensor> Correct(IReadOnlyDictionary<string, Tensor> series, Tensor x)
    {
        var read = Config.PhysicsOutputs.Select(n => series[n].to(x.dtype).clamp_min(Kept(0.0)).log1p().unsqueeze(-1));   // each [ρ, b, 1]
        var correction = network.Forward(cat([x, .. read], 2), 0)[.., .., 0];                                               // [ρ, b]
        var simulated = series[Target];
        return new Dictionary<string, Tensor>(series)
        {
            [Target] = simulated + correction.to(simulated.dtype),
            [PhysicsName] = simulated,
            [CorrectionName] = correction,
        };
    }

    /// <summary>DropConnect masks of one training step.</summary>
    public IDisposable BeginTrainingStep(Generator generator) => network.BeginTrainingStep(generator);

    /// <summary>One line for the run log.</summary>
    public string Describe() =>
        $"coupling: parameter learning + residual post-processor (network {Config.Name}: inputs {network.InputSize}, hidden {Config.HiddenSize}, " +
        $"dropout {Config.Dropout}) correcting {Target} from the network inputs and [{string.Join(", ", Config.PhysicsOutputs)}]";
}
