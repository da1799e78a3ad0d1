using DeltaModel.Core.Sampling;
using DeltaModel.Core.Training;
using DeltaModel.Models.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// What every model with a network in front shares (<see cref="HybridModel"/>, <see cref="NeuralModel"/>): the
/// network, registered as module <c>network</c> so checkpoints name its weights alike, its precision switch, the
/// inputs and warm-up, and the target output. A model adds what it does with the network's output.
/// </summary>
public abstract class NetworkModel : nn.Module, ITrainableModel
{
    /// <param name="createNetwork">Makes the network; called again for each precision the switch builds.</param>
    /// <param name="targetOutput">The output series compared with the primary observed target (config: the first of
    /// <c>train.targets</c>; <c>streamflow</c> by default).</param>
    private protected NetworkModel(string name, InputSpec inputs, int warmUp, Func<ISequenceNetwork> createNetwork, string targetOutput) : base(name)
    {
        TargetOutput = targetOutput;
        Inputs = inputs;
        WarmUp = warmUp;
        Network = createNetwork();
        register_module("network", Network.Module);
        Precision = new NetworkPrecisionSwitch(Network, createNetwork);
    }

    /// <summary>The network (internal for <see cref="ModelStepper"/>, which runs it a day at a time).</summary>
    internal ISequenceNetwork Network { get; }
    private protected NetworkPrecisionSwitch Precision { get; }

    public nn.Module Module => this;
    public InputSpec Inputs { get; }
    public int WarmUp { get; }
    public string TargetOutput { get; }

    public abstract ModelOutput Forward(ModelBatch batch);

    public virtual IDisposable BeginTrainingStep(Generator generator) => Precision.BeginTrainingStep(generator);

    public IDisposable UseNetworkPrecision(ScalarType dtype) => Precision.Use(dtype);

    public IDisposable UseTrainingPrecision(ScalarType dtype) => Precision.UseForTraining(dtype);

    public abstract IReadOnlyList<string> Describe();
}
